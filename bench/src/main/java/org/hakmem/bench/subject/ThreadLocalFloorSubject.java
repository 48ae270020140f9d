package org.hakmem.bench.subject;

import java.lang.foreign.Arena;

/**
 * The floor reached through a {@code ThreadLocal} on every call: the reference for an API that
 * finds the calling thread's cache itself instead of being handed it (hakmem's convenience API
 * against its heap handle, as {@code floor} is the reference for the handle). Each thread's stacks
 * are a {@link FloorSubject} view over one shared arena, so its blocks and handles are the floor's.
 *
 * <pre>
 *   malloc(size) ─► ThreadLocal.get() ─► that thread's floor.malloc(size)
 *   free(handle) ─► ThreadLocal.get() ─► that thread's floor.free(handle)
 * </pre>
 * Blocks another thread frees land in the freeing thread's stacks, as with the floor's views.
 */
sealed class ThreadLocalFloorSubject extends Subject permits CachedFloorSubject {

    final Arena arena = Arena.ofShared();
    final ThreadLocal<FloorSubject> floors = ThreadLocal.withInitial(this::newFloor);

    /** The calling thread's floor, made on its first call (a subclass's may carry more). */
    FloorSubject newFloor() {
        return new FloorSubject(arena, false);
    }

    @Override
    public String name() {
        return "floor-tl";
    }

    @Override
    public long malloc(long size) {
        return floors.get().malloc(size);
    }

    @Override
    public void free(long handle) {
        floors.get().free(handle);
    }

    @Override
    public void touch(long handle, long size) {
        FloorSubject.touchBlock(handle, size);
    }

    /** Frees every chunk of every thread's stacks, once every thread is done. */
    @Override
    public void close() {
        arena.close();
    }
}
