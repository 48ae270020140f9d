package org.hakmem.box.pooltls;

import org.hakmem.box.api.BlockHeap;

/**
 * One thread's Mid heap: a list (an on-heap stack of addresses) per class, refilled with a fixed
 * count from the backend and drained by half when full, onto the backend's lock-free stack (no
 * free ever waits for a lock). A free from any thread lands in the freeing thread's list (blocks
 * belong to the box, not to a thread), so a cross-thread free costs what a local one does.
 *
 * <p>Thread-safety: confined to {@link #owner()}; another thread's call is an
 * {@link IllegalStateException} and changes nothing.
 */
public final class PoolTlsHeap implements BlockHeap {

    private final PoolTlsFront front;
    /** The front's backend, here so that a free's page lookup starts one load closer. */
    private final MidBackend backend;
    private final Thread owner;
    /** The classes' lookup table and largest size, here so that size-to-class is one load off this heap. */
    private final byte[] classIndex;
    private final long maxSize;
    final long[][] lists;
    final int[] tops;
    long refills;

    PoolTlsHeap(PoolTlsFront front, Thread owner) {
        this.front = front;
        this.backend = front.backend();
        this.owner = owner;
        this.classIndex = front.classes().lookupTable();
        this.maxSize = front.maxSize();
        this.lists = new long[front.classCount()][];
        this.tops = new int[front.classCount()];
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public long allocate(long size) {
        if (Thread.currentThread() != owner) {
            throw front.wrongThread("allocate", owner);
        }
        // size - 1 as unsigned: 0 and negatives wrap around and fail the same single compare.
        if (Long.compareUnsigned(size - 1, maxSize) >= 0) {
            throw front.badSize(size);
        }
        int c = classIndex[(int) ((size + 7) >>> 3)];
        int t = tops[c];
        if (t > 0) {
            tops[c] = t - 1;
            return lists[c][t - 1];
        }
        return refill(c);
    }

    @Override
    public boolean free(long address) {
        if (Thread.currentThread() != owner) {
            throw front.wrongThread("free", owner);
        }
        return freeOnOwnerThread(address);
    }

    boolean freeOnOwnerThread(long address) {
        MidPage p = backend.pageOf(address);
        if (p == null || !p.isBlockStart(address)) {
            return false;
        }
        int c = p.sizeClass;
        if (lists[c] == null || tops[c] == lists[c].length) {
            drainHalf(c);
        }
        lists[c][tops[c]++] = address;
        return true;
    }

    /** Empty list: a fixed-size batch from the backend (the slow path). */
    private long refill(int c) {
        refills++;
        long[] l = list(c);
        int n = backend.fill(c, l, front.refill());
        tops[c] = n - 1;
        return l[n - 1];
    }

    /** Full list (or none yet): the older half goes back to the backend. */
    private void drainHalf(int c) {
        long[] l = list(c);
        int half = tops[c] / 2;
        if (half > 0) {
            backend.giveBack(c, l, half);
            System.arraycopy(l, half, l, 0, tops[c] - half);
            tops[c] -= half;
        }
    }

    private long[] list(int c) {
        if (lists[c] == null) {
            lists[c] = new long[2 * front.refill()];
        }
        return lists[c];
    }

    /** The owner ended: every cached block back to the backend. */
    void release() {
        for (int c = 0; c < lists.length; c++) {
            if (tops[c] > 0) {
                backend.giveBack(c, lists[c], tops[c]);
                tops[c] = 0;
            }
        }
    }
}
