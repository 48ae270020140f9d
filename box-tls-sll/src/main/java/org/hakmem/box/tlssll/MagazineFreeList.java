package org.hakmem.box.tlssll;

import org.hakmem.box.api.FreeList;

/**
 * An on-heap magazine: free blocks' addresses in a {@code long[]} stack. No pointer ever lives in
 * user memory, so a write after free cannot corrupt the list, and a pop never reads native
 * memory (no cache miss on the freed block itself).
 *
 * <pre>
 *   slots: [ b0 | b1 | ... | b(top-1) | unused ... ]     top = blocks held, LIFO at the top
 * </pre>
 * Invariant: {@code 0 <= top <= slots.length}. Thread-safety: none (thread-confined).
 */
public final class MagazineFreeList implements FreeList {

    private final long[] slots;
    private int top;

    /** @param capacity most blocks held, {@code >= 1} */
    public MagazineFreeList(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.slots = new long[capacity];
    }

    @Override
    public boolean push(long block) {
        int t = top;
        long[] s = slots;
        // Unsigned, the shape of the JIT's own bounds check, which it can then drop (one compare, not two).
        if (Integer.compareUnsigned(t, s.length) >= 0) {
            return false;
        }
        s[t] = block;
        top = t + 1;
        return true;
    }

    @Override
    public long pop() {
        int t = top - 1;
        long[] s = slots;
        // t == -1 (empty) fails the same unsigned compare as the bounds check.
        if (Integer.compareUnsigned(t, s.length) >= 0) {
            return 0;
        }
        top = t;
        return s[t];
    }

    @Override
    public int size() {
        return top;
    }

    @Override
    public int capacity() {
        return slots.length;
    }

    @Override
    public int pushBatch(long[] blocks, int n) {
        int k = Math.min(n, slots.length - top);
        System.arraycopy(blocks, 0, slots, top, k);
        top += k;
        return k;
    }

    @Override
    public int popBatch(long[] into, int max) {
        int k = Math.min(max, top);
        top -= k;
        System.arraycopy(slots, top, into, 0, k);
        return k;
    }
}
