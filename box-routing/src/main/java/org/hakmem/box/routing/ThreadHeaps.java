package org.hakmem.box.routing;

import java.util.function.Supplier;

/**
 * The calling thread's {@link HakmemHeap}: a {@code ThreadLocal} per allocator, with one
 * direct-mapped cache in front of them all. Slot {@code threadId & (SLOTS - 1)} holds the heap that
 * the thread last looking there got; a hit costs an array load and two compares (its thread, its
 * allocator), where a {@code ThreadLocal} lookup hashes into the thread's map (several dependent
 * loads). Two threads on one slot, or one thread using two allocators, still find their heap,
 * through the {@code ThreadLocal}.
 *
 * <p>Why one cache for the whole JVM (a {@code static final} array) instead of one per allocator:
 * C2 then knows the array and its length, so a lookup loads no allocator field, no array reference
 * and no length, and checks no bounds. Interleaved 1-fork runs through the convenience API, M
 * ops/s: random-mixed 207.2, 205.9, 198.4, 196.8 against 182.2, 182.8, 124.5, 176.7 with a cache
 * per allocator; larson-2t 36.7, 35.8, 36.4 against 34.4, 33.5, 33.1 (a workload then capped near
 * 40 by its own shared counters); fixed-16 and mixed-wide
 * unchanged. Its cost: a thread that alternates between two allocators takes the
 * {@code ThreadLocal} on each switch.
 *
 * <p>Thread-safety: any thread. Slots are written with plain stores: a racing reader sees some
 * heap or null, and uses it only if its final {@code thread} is the reader itself and its final
 * {@code owner} the allocator asked. Thread ids are never reused, so a dead thread's heap in a
 * slot is never handed to another thread; it stays referenced until overwritten or
 * {@link #forgetDeadThreads()}. So does the heap of an allocator no longer used, until its slot's
 * thread asks another allocator or ends: at most {@value #SLOTS} heaps in all.
 */
final class ThreadHeaps {

    static final int SLOTS = 256;

    /** Every allocator's cached heaps, by thread id (see the class comment for why static). */
    static final HakmemHeap[] CACHE = new HakmemHeap[SLOTS];

    private final ThreadLocal<HakmemHeap> heaps;

    /** @param newHeap makes the calling thread's heap, once per thread */
    ThreadHeaps(Supplier<HakmemHeap> newHeap) {
        this.heaps = ThreadLocal.withInitial(newHeap);
    }

    /** The calling thread's heap of {@code owner}: its cache slot, else the allocator's {@code ThreadLocal}. */
    static HakmemHeap current(Hakmem owner) {
        Thread t = Thread.currentThread();
        int slot = (int) t.threadId() & (SLOTS - 1);
        HakmemHeap h = CACHE[slot];
        if (h != null && h.thread == t && h.owner == owner) {
            return h;
        }
        return owner.heaps.miss(slot);
    }

    /** A cache miss (a thread's first call, two threads or two allocators on one slot): the rare path. */
    private HakmemHeap miss(int slot) {
        HakmemHeap h = heaps.get();
        CACHE[slot] = h;
        return h;
    }

    /** Drops cached heaps (of any allocator) of threads that have ended, so that their (released) heaps can be collected. */
    static void forgetDeadThreads() {
        for (int i = 0; i < CACHE.length; i++) {
            HakmemHeap h = CACHE[i];
            if (h != null && !h.thread.isAlive()) {
                CACHE[i] = null;
            }
        }
    }
}
