package org.hakmem.bench.subject;

/**
 * Objects (Netty buffers, Arenas) named by {@code long} handles: a shared table and, per thread,
 * a stack of free indices. A handle freed by another thread joins that thread's stack, so
 * indices migrate like blocks do. Publication between threads rides on the workload's own
 * hand-over (ring or exchanger), which orders the table write before the other thread's read.
 */
final class HandleTable<T> {

    private static final int SIZE = 1 << 21;

    private final Object[] table;
    private final int[] free = new int[SIZE];
    private int top;

    /** A new table with every index free for this view. */
    HandleTable() {
        this.table = new Object[SIZE];
        for (int i = 0; i < SIZE; i++) {
            free[i] = SIZE - 1 - i;
        }
        top = SIZE;
    }

    /** Another thread's view: same table, its own (initially empty) free indices. */
    private HandleTable(Object[] table) {
        this.table = table;
    }

    /** Synchronized: several threads may ask the same parent view for theirs at once. */
    synchronized HandleTable<T> forThread() {
        HandleTable<T> view = new HandleTable<>(table);
        // Give the new view a share of the free indices.
        int share = top / 2;
        System.arraycopy(free, top - share, view.free, 0, share);
        view.top = share;
        top -= share;
        return view;
    }

    long put(T object) {
        int i = free[--top];
        table[i] = object;
        return i + 1L;
    }

    @SuppressWarnings("unchecked")
    T take(long handle) {
        int i = (int) (handle - 1);
        T o = (T) table[i];
        table[i] = null;
        free[top++] = i;
        return o;
    }
}
