package org.hakmem.bench.subject;

/**
 * The floor reached through the cheapest per-call thread lookup we know in Java: the shape of
 * hakmem's convenience API (a direct-mapped {@code static final} cache by thread id, each slot
 * checked against its thread and its owner, a {@code ThreadLocal} behind it). Beside {@code floor}
 * it prices that lookup alone, with no allocator behind it: what any API that finds the calling
 * thread's cache itself pays against one handed its cache.
 *
 * <pre>
 *   malloc(size) ─► CACHE[threadId &amp; 255] ─ thread and owner match ─► that thread's floor.malloc(size)
 *                                        └─ else (rare): the ThreadLocal, then fill the slot
 * </pre>
 * Each thread's stacks are a floor view over one shared arena, the {@code ThreadLocal} behind the
 * cache is {@code floor-tl}'s.
 */
final class CachedFloorSubject extends ThreadLocalFloorSubject {

    private static final int SLOTS = 256;

    /** Every instance's cached views, by thread id: static final, as hakmem's, so the JIT knows the array. */
    private static final View[] CACHE = new View[SLOTS];

    /** One thread's floor, carrying what a cache slot is checked against. */
    static final class View extends FloorSubject {

        final Thread thread = Thread.currentThread();
        final CachedFloorSubject owner;

        View(CachedFloorSubject owner) {
            super(owner.arena, false);
            this.owner = owner;
        }
    }

    @Override
    public String name() {
        return "floor-cached";
    }

    @Override
    FloorSubject newFloor() {
        return new View(this);
    }

    private View current() {
        Thread t = Thread.currentThread();
        int slot = (int) t.threadId() & (SLOTS - 1);
        View v = CACHE[slot];
        if (v != null && v.thread == t && v.owner == this) {
            return v;
        }
        return miss(slot);
    }

    /** A thread's first call, or two threads or two instances on one slot: the rare path. */
    private View miss(int slot) {
        View v = (View) floors.get();
        CACHE[slot] = v;
        return v;
    }

    @Override
    public long malloc(long size) {
        return current().malloc(size);
    }

    @Override
    public void free(long handle) {
        current().free(handle);
    }

    /** Frees every chunk of every thread's stacks, once every thread is done; drops this instance's cached views. */
    @Override
    public void close() {
        for (int i = 0; i < SLOTS; i++) {
            if (CACHE[i] != null && CACHE[i].owner == this) {
                CACHE[i] = null;
            }
        }
        super.close();
    }
}
