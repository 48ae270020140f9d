package org.hakmem.box.api.config;

/** What the external guard does with a refused address (it is always counted). */
public enum GuardPolicy {
    /** Throw {@code InvalidPointerException} naming the address and the reason (the default). */
    THROW,
    /** Log one line per call site and reason, then go on. */
    LOG,
    /** Only count. */
    COUNT
}
