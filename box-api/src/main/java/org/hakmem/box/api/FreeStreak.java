package org.hakmem.box.api;

/**
 * The arming rule of Mid's fast free (its registry granule; Tiny's arms at refill instead): a
 * history of the span index of each of the last four looked-up frees, 16 low bits each, newest
 * lowest, in one {@code long}; the fast free is armed to the newest span when the four lanes are
 * equal.
 *
 * <pre>
 *   history = | free n-3 | free n-2 | free n-1 | free n |     (16 bits each)
 *   armed   ⇔ history == rotateLeft(history, 16)
 * </pre>
 * Without a branch: whether a free goes to the same span as the last one is what a mixed workload
 * makes random, and a branch on it is often mispredicted. Lanes that match by accident (two spans
 * sharing their low 16 bits) arm early, which the fronts make harmless by comparing the whole base.
 */
public final class FreeStreak {

    private FreeStreak() {}

    /** {@code history} with {@code span} appended as the newest lane. */
    public static long push(long history, long span) {
        return history << 16 | (span & 0xFFFF);
    }

    /** {@code base} when the four lanes of {@code history} are equal, else {@code none}. */
    public static long armed(long history, long base, long none) {
        long d = history ^ Long.rotateLeft(history, 16);
        // All ones when d is 0, else 0.
        long arm = ~((d | -d) >> 63);
        return (base & arm) | (none & ~arm);
    }
}
