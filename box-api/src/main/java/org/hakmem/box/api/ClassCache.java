package org.hakmem.box.api;

/**
 * One thread's cache of free blocks for a front that serves them from shared pages: per size
 * class an on-heap stack of addresses, refilled from its {@link Backend} a fixed batch at a time
 * and spilled back half at a time when full. It is the shape Small-Mid's and PoolTLS's heaps
 * share (Tiny's lists come from box-tls-sll instead, to be swapped for experiments).
 *
 * <pre>
 *   pop(c)      ─► stack[c] ─► empty: backend.fill(c, refill) (the slow path)
 *   push(c, b)  ─► stack[c] ─► full:  backend.giveBack(c, older half) (the slow path)
 * </pre>
 * No pointer lives in user memory. The caller has validated every address it pushes.
 *
 * <p>Thread-safety: none; one thread's, like the heap that holds it.
 */
public final class ClassCache {

    /** Where batches come from and go back to; called from any thread. */
    public interface Backend {
        /**
         * Puts between 1 and {@code n} blocks of class {@code c} into {@code into[0..)}; returns
         * how many.
         *
         * @throws OutOfMemoryError when it can give none
         */
        int fill(int c, long[] into, int n);

        /** Takes back {@code blocks[0..n)}, all of class {@code c}. */
        void giveBack(int c, long[] blocks, int n);
    }

    private final Backend backend;
    private final int refill;
    /** Per class: the stack (made at the class's first use, {@code 2 * refill} long) and its height. */
    private final long[][] stacks;
    private final int[] tops;
    private long refills;

    /**
     * @param classes number of size classes
     * @param refill  blocks per refill, {@code >= 1}; a stack holds twice that
     * @param backend where blocks come from and go back to
     */
    public ClassCache(int classes, int refill, Backend backend) {
        if (classes < 1 || refill < 1) {
            throw new IllegalArgumentException("class cache: need classes >= 1 and refill >= 1, got " + classes + ", " + refill);
        }
        this.backend = backend;
        this.refill = refill;
        this.stacks = new long[classes][];
        this.tops = new int[classes];
    }

    /** A block of class {@code c}: the most recently pushed one, else one of a fresh batch. */
    public long pop(int c) {
        int t = tops[c];
        if (t > 0) {
            tops[c] = t - 1;
            return stacks[c][t - 1];
        }
        return refill(c);
    }

    /** Caches {@code block} of class {@code c}; a full stack first gives its older half back. */
    public void push(int c, long block) {
        long[] s = stacks[c];
        if (s == null || tops[c] == s.length) {
            s = spill(c);
        }
        s[tops[c]++] = block;
    }

    /** Gives every cached block back to the backend (the owner thread ended, or trim). */
    public void release() {
        for (int c = 0; c < stacks.length; c++) {
            if (tops[c] > 0) {
                backend.giveBack(c, stacks[c], tops[c]);
                tops[c] = 0;
            }
        }
    }

    /** Refills so far. */
    public long refills() {
        return refills;
    }

    /** Number of classes. */
    public int classes() {
        return stacks.length;
    }

    /** A copy of the blocks cached for class {@code c}, oldest first (quiescent checks). */
    public long[] cached(int c) {
        long[] out = new long[tops[c]];
        if (out.length > 0) {
            System.arraycopy(stacks[c], 0, out, 0, out.length);
        }
        return out;
    }

    /** Empty stack: a batch from the backend (the slow path). */
    private long refill(int c) {
        refills++;
        long[] s = stack(c);
        int n = backend.fill(c, s, refill);
        tops[c] = n - 1;
        return s[n - 1];
    }

    /** Full stack (or none yet): the older half goes back; returns the stack. */
    private long[] spill(int c) {
        long[] s = stack(c);
        int half = tops[c] / 2;
        if (half > 0) {
            backend.giveBack(c, s, half);
            System.arraycopy(s, half, s, 0, tops[c] - half);
            tops[c] -= half;
        }
        return s;
    }

    private long[] stack(int c) {
        if (stacks[c] == null) {
            stacks[c] = new long[2 * refill];
        }
        return stacks[c];
    }
}
