package org.hakmem.box.api;

import java.io.Serial;

/**
 * Thrown, under the default guard policy, for an address that hakmem refuses to free or measure.
 * The allocator is unchanged: the address was neither freed nor written.
 */
public final class InvalidPointerException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long address;
    private final GuardReason reason;

    /**
     * @param operation the call that was refused, e.g. {@code "free"}
     * @param address   the refused address
     * @param reason    why it was refused
     */
    public InvalidPointerException(String operation, long address, GuardReason reason) {
        super(operation + "(0x" + Long.toHexString(address) + ") refused: the address " + reason.description());
        this.address = address;
        this.reason = reason;
    }

    /** The refused address. */
    public long address() {
        return address;
    }

    /** Why it was refused. */
    public GuardReason reason() {
        return reason;
    }
}
