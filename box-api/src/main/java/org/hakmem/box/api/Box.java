package org.hakmem.box.api;

/**
 * What every box is: a named part of the allocator with statistics and a self-check.
 *
 * <p>Thread-safety: {@link #stats()} may be called from any thread at any time and returns a
 * snapshot that may be slightly stale while other threads allocate. {@link #checkInvariants()}
 * is exact only while no other thread uses the box (tests call it at quiescent points).
 */
public interface Box {

    /** The box's short name, as used in statistics and reports (e.g. {@code "tiny-front"}). */
    String boxName();

    /** A snapshot of the box's counters. Cheap enough to call often; never blocks allocation. */
    BoxStats stats();

    /**
     * Verifies the box's internal invariants and throws {@link IllegalStateException} naming the
     * first one broken. Call it only when no other thread uses the box.
     */
    void checkInvariants();
}
