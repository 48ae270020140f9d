package org.hakmem.box.smallmid;

import org.hakmem.box.api.BlockHeap;

/**
 * One thread's Small-Mid heap: a magazine (an on-heap stack of addresses) per class. A free from
 * any thread goes into the freeing thread's own magazine (blocks belong to the box, not to a
 * thread), so no remote queue is needed; a full magazine gives half back to the depot.
 *
 * <pre>
 *   allocate ─► magazine.pop ─► empty: depot.take(refill)      free ─► magazine.push ─► full: depot.giveBack(half)
 * </pre>
 * Thread-safety: confined to {@link #owner()}; another thread's call is an
 * {@link IllegalStateException} and changes nothing.
 */
public final class SmallMidHeap implements BlockHeap {

    private final SmallMidFront front;
    private final Thread owner;
    final long[][] magazines;
    final int[] tops;
    long refills;

    SmallMidHeap(SmallMidFront front, Thread owner) {
        this.front = front;
        this.owner = owner;
        int n = front.classCount();
        this.magazines = new long[n][];
        this.tops = new int[n];
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
        int c = front.classOf(size);
        int t = tops[c];
        if (t > 0) {
            tops[c] = t - 1;
            return magazines[c][t - 1];
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
        SmallMidSlab s = front.slabOf(address);
        if (s == null || !s.isBlockStart(address)) {
            return false;
        }
        int c = s.sizeClass;
        long[] m = magazines[c];
        if (m == null || tops[c] == m.length) {
            spill(c);
            m = magazines[c];
        }
        m[tops[c]++] = address;
        return true;
    }

    /** Empty magazine: a batch from the depot (the slow path). */
    private long refill(int c) {
        refills++;
        long[] m = magazine(c);
        int n = front.depot(c).take(m, front.refill());
        tops[c] = n - 1;
        return m[n - 1];
    }

    /** Full magazine (or none yet): give the older half back to the depot. */
    private void spill(int c) {
        long[] m = magazine(c);
        int half = tops[c] / 2;
        if (half > 0) {
            front.depot(c).giveBack(m, half);
            System.arraycopy(m, half, m, 0, tops[c] - half);
            tops[c] -= half;
        }
    }

    private long[] magazine(int c) {
        if (magazines[c] == null) {
            magazines[c] = new long[2 * front.refill()];
        }
        return magazines[c];
    }

    /** The owner ended: every cached block back to its depot. */
    void release() {
        for (int c = 0; c < magazines.length; c++) {
            if (tops[c] > 0) {
                front.depot(c).giveBack(magazines[c], tops[c]);
                tops[c] = 0;
            }
        }
    }
}
