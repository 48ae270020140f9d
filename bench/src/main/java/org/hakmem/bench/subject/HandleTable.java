package org.hakmem.bench.subject;

/**
 * Objects (Netty buffers, Arenas) named by {@code long} handles: a shared table, and per thread a
 * stack of free indices that trades batches with a shared depot. Indices migrate like blocks do
 * (a producer's handles are freed by its consumer); the depot sends them back, one synchronized
 * trade per {@value #BATCH} operations. Publication between threads rides on the workload's own
 * hand-over (ring or exchanger), which orders the table write before the other thread's read.
 */
final class HandleTable<T> {

    private static final int SIZE = 1 << 21;
    private static final int BATCH = 4096;

    /** The free indices no thread holds; every trade is synchronized on it. */
    private static final class Depot {
        final int[] free = new int[SIZE];
        int top;
    }

    private final Object[] table;
    private final Depot depot;
    private final int[] local = new int[2 * BATCH];
    private int top;

    /** A new table, every index free in the depot. */
    HandleTable() {
        this(new Object[SIZE], new Depot());
        for (int i = 0; i < SIZE; i++) {
            depot.free[i] = SIZE - 1 - i;
        }
        depot.top = SIZE;
    }

    private HandleTable(Object[] table, Depot depot) {
        this.table = table;
        this.depot = depot;
    }

    /** The calling thread's view: same table and depot, its own stack. */
    HandleTable<T> forThread() {
        return new HandleTable<>(table, depot);
    }

    long put(T object) {
        if (top == 0) {
            refill();
        }
        int i = local[--top];
        table[i] = object;
        return i + 1L;
    }

    @SuppressWarnings("unchecked")
    T take(long handle) {
        int i = (int) (handle - 1);
        T o = (T) table[i];
        table[i] = null;
        if (top == local.length) {
            drain();
        }
        local[top++] = i;
        return o;
    }

    /** The rare path: a batch of free indices from the depot. */
    private void refill() {
        synchronized (depot) {
            int n = Math.min(BATCH, depot.top);
            if (n == 0) {
                throw new IllegalStateException("handle table full: more than " + SIZE + " objects live");
            }
            depot.top -= n;
            System.arraycopy(depot.free, depot.top, local, 0, n);
            top = n;
        }
    }

    /** The rare path: half of the stack back to the depot. */
    private void drain() {
        synchronized (depot) {
            System.arraycopy(local, top - BATCH, depot.free, depot.top, BATCH);
            depot.top += BATCH;
            top -= BATCH;
        }
    }
}
