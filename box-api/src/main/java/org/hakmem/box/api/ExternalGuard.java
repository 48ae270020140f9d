package org.hakmem.box.api;

/**
 * Where every address that no box accepts ends up. Role: box-external-guard.
 *
 * <p>Contract: the guard never frees, reads or writes the address it is given; it counts it by
 * reason and, as its policy says, throws {@link InvalidPointerException} (the default), logs once
 * per call site, or only counts. The allocator is consistent before and after the call.
 *
 * <p>Thread-safety: any thread may call it at any time.
 */
public interface ExternalGuard extends Box {

    /**
     * Reports a refused address, size band unknown.
     *
     * @param operation the public call that received it, e.g. {@code "free"}
     * @param address   the address
     * @param reason    why no box accepted it
     * @throws InvalidPointerException when the policy is to throw
     */
    default void reject(String operation, long address, GuardReason reason) {
        reject(operation, address, reason, "unknown");
    }

    /**
     * Reports a refused address with the size band it fell in (for example the box whose range
     * holds it, or {@code "none"}), so reports can say where misuse concentrates.
     *
     * @throws InvalidPointerException when the policy is to throw
     */
    void reject(String operation, long address, GuardReason reason, String sizeBand);

    /** Refused addresses so far, all reasons. */
    long rejectedCount();
}
