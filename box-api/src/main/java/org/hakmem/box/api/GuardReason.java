package org.hakmem.box.api;

/** Why an address was refused; each is counted separately by the {@link ExternalGuard}. */
public enum GuardReason {
    /** No box owns the address: never allocated here (a JDK Arena, glibc malloc, garbage). */
    FOREIGN("not allocated by hakmem"),
    /** Inside a block of ours, but not at its start. */
    INTERIOR("points inside a block, not at its start"),
    /** Not aligned to the 8 bytes every hakmem block has. */
    UNALIGNED("is not 8-byte aligned"),
    /** The block is already free (a double free). */
    ALREADY_FREE("is already free (double free)"),
    /** The address lay in memory hakmem has since given back to the OS. */
    AFTER_UNMAP("lies in memory already returned to the OS");

    private final String description;

    GuardReason(String description) {
        this.description = description;
    }

    /** A phrase completing "the address ...", e.g. "is already free (double free)". */
    public String description() {
        return description;
    }
}
