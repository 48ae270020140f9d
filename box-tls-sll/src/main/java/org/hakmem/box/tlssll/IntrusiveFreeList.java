package org.hakmem.box.tlssll;

import org.hakmem.box.api.FreeList;
import org.hakmem.box.api.NativeMemory;

/**
 * The seed's intrusive singly-linked free list: the link to the next free block is kept in the
 * first 8 bytes of each free block, so the list itself is two fields however long it is.
 *
 * <pre>
 *   head ─► [next|.......] ─► [next|.......] ─► [0|.......]
 *            block (free)       block (free)      last block
 * </pre>
 * Invariant: {@code count} blocks are reachable from {@code head}, the last link is 0, and
 * {@code count <= capacity}.
 *
 * <p>Cost: a pop reads native memory (the next link), so a stray write into a free block (a
 * write after free) corrupts the list. {@link CheckedIntrusiveFreeList} validates every link
 * before following it. Thread-safety: none (thread-confined, see {@link FreeList}).
 */
public class IntrusiveFreeList implements FreeList {

    /** First free block, 0 when empty. */
    long head;
    int count;
    private final int capacity;

    /** @param capacity most blocks held, {@code >= 1} */
    public IntrusiveFreeList(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public boolean push(long block) {
        if (count == capacity) {
            return false;
        }
        NativeMemory.putLong(block, head);
        head = block;
        count++;
        return true;
    }

    @Override
    public long pop() {
        long b = head;
        if (b != 0) {
            head = next(b);
            count--;
        }
        return b;
    }

    /** The link stored in free block {@code block}; the checked variant validates it. */
    long next(long block) {
        return NativeMemory.getLong(block);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int pushBatch(long[] blocks, int n) {
        int k = Math.min(n, capacity - count);
        long h = head;
        for (int i = 0; i < k; i++) {
            NativeMemory.putLong(blocks[i], h);
            h = blocks[i];
        }
        head = h;
        count += k;
        return k;
    }

    @Override
    public int popBatch(long[] into, int max) {
        int k = Math.min(max, count);
        long h = head;
        for (int i = 0; i < k; i++) {
            into[i] = h;
            h = next(h);
        }
        head = h;
        count -= k;
        return k;
    }
}
