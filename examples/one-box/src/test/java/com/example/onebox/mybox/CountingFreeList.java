package com.example.onebox.mybox;

import org.hakmem.box.api.FreeList;

/** A box of our own: a free list that counts its pushes, written against box-api only. */
public final class CountingFreeList implements FreeList {
    private final long[] blocks;
    private int size;
    private long pushes;

    /** @param capacity most blocks held */
    public CountingFreeList(int capacity) {
        blocks = new long[capacity];
    }

    @Override
    public boolean push(long block) {
        if (size == blocks.length) {
            return false;
        }
        blocks[size++] = block;
        pushes++;
        return true;
    }

    @Override
    public long pop() {
        return size == 0 ? 0 : blocks[--size];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return blocks.length;
    }

    @Override
    public int pushBatch(long[] in, int n) {
        int k = 0;
        while (k < n && push(in[k])) {
            k++;
        }
        return k;
    }

    @Override
    public int popBatch(long[] into, int max) {
        int k = 0;
        while (k < max && size > 0) {
            into[k++] = pop();
        }
        return k;
    }

    /** Pushes so far. */
    public long pushes() {
        return pushes;
    }
}
