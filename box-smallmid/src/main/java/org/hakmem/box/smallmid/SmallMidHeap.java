package org.hakmem.box.smallmid;

import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.ClassCache;

/**
 * One thread's Small-Mid heap: a {@link ClassCache} over the front's per-class depots. A free from
 * any thread goes into the freeing thread's own cache (blocks belong to the box, not to a thread),
 * so no remote queue is needed; a full stack gives half back to the depot.
 *
 * <pre>
 *   allocate ─► cache.pop ─► empty: depot.take(refill)      free ─► cache.push ─► full: depot.giveBack(half)
 * </pre>
 * Thread-safety: confined to {@link #owner()}; another thread's call is an
 * {@link IllegalStateException} and changes nothing.
 */
public final class SmallMidHeap implements BlockHeap {

    private final SmallMidFront front;
    private final Thread owner;
    final ClassCache cache;

    SmallMidHeap(SmallMidFront front, Thread owner) {
        this.front = front;
        this.owner = owner;
        this.cache = new ClassCache(front.classCount(), front.refill(), front.depots());
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
        return cache.pop(front.classOf(size));
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
        cache.push(s.sizeClass, address);
        return true;
    }

    /** The owner ended: every cached block back to its depot. */
    void release() {
        cache.release();
    }
}
