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
        if (t == slots.length) {
            return false;
        }
        slots[t] = block;
        top = t + 1;
        return true;
    }

    @Override
    public long pop() {
        int t = top;
        if (t == 0) {
            return 0;
        }
        top = t - 1;
        return slots[t - 1];
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
