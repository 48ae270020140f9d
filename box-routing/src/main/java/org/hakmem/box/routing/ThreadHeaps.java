package org.hakmem.box.routing;

import java.util.function.Supplier;

/**
 * The calling thread's {@link HakmemHeap}: a {@code ThreadLocal}, with a direct-mapped cache in
 * front of it. Slot {@code threadId & (SLOTS - 1)} holds the heap of the thread that last looked
 * there; a hit costs an array load and one compare, where a {@code ThreadLocal} lookup hashes into
 * the thread's map (several dependent loads). Two threads on one slot both still find their heap,
 * through the {@code ThreadLocal}.
 *
 * <p>Thread-safety: any thread. Slots are written with plain stores: a racing reader sees some
 * heap or null, and uses it only if its final {@code thread} is the reader itself. Thread ids are
 * never reused, so a dead thread's heap in a slot is never handed to another thread; it stays
 * referenced until overwritten or {@link #forgetDeadThreads()}.
 */
final class ThreadHeaps {

    static final int SLOTS = 256;

    private final ThreadLocal<HakmemHeap> heaps;
    final HakmemHeap[] cache = new HakmemHeap[SLOTS];

    /** @param newHeap makes the calling thread's heap, once per thread */
    ThreadHeaps(Supplier<HakmemHeap> newHeap) {
        this.heaps = ThreadLocal.withInitial(newHeap);
    }

    /** The calling thread's heap: its cache slot, else the {@code ThreadLocal}. */
    HakmemHeap current() {
        Thread t = Thread.currentThread();
        int slot = (int) t.threadId() & (SLOTS - 1);
        HakmemHeap h = cache[slot];
        if (h != null && h.thread == t) {
            return h;
        }
        return miss(slot);
    }

    /** A cache miss (a thread's first call, or two threads sharing a slot): the rare path. */
    private HakmemHeap miss(int slot) {
        HakmemHeap h = heaps.get();
        cache[slot] = h;
        return h;
    }

    /** Drops cached heaps of threads that have ended, so that their (released) heaps can be collected. */
    void forgetDeadThreads() {
        for (int i = 0; i < cache.length; i++) {
            HakmemHeap h = cache[i];
            if (h != null && !h.thread.isAlive()) {
                cache[i] = null;
            }
        }
    }
}
