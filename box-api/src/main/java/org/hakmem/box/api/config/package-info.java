/**
 * All of hakmem's options in one place: {@link org.hakmem.box.api.config.HakmemOption} lists each
 * with its system property, its environment variable, its default and what it allows;
 * {@link org.hakmem.box.api.config.HakmemConfig} is the immutable record built from them once and
 * passed explicitly into the boxes.
 *
 * <p>Precedence, highest first: the builder, system properties {@code hakmem.*}, environment
 * variables {@code HAKMEM_*} (the seed's names), the default.
 */
package org.hakmem.box.api.config;
