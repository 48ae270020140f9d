/**
 * Plain JDK-only implementations of the lower contracts, so that any single box can be used
 * and tested with {@code box-api} alone: a region source over {@link java.lang.foreign.Arena}
 * and a map-based address registry. They are simple and correct, not fast; box-superslab is the
 * real implementation.
 */
package org.hakmem.box.api.reference;
