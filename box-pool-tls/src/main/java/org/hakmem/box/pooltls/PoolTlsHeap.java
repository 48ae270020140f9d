package org.hakmem.box.pooltls;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.ClassCache;

/**
 * One thread's Mid heap: a {@link ClassCache} per thread, refilled with a fixed count from the
 * backend and spilled by half when full, onto the backend's lock-free stack (no free ever waits
 * for a lock). A free from any thread lands in the freeing thread's cache (blocks belong to the
 * box, not to a thread), so a cross-thread free costs what a local one does.
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
    final ClassCache cache;
    private final int granuleShift;
    /**
     * The registry's attachment leaf this heap's last free went through ({@link
     * AddressRegistry#attachmentLeaf}), and the address bits above it that select it (-1: none
     * yet). Why: one heap's Mid blocks nearly always lie under one leaf (16 GiB of 2 MiB
     * SuperSlabs), so the common free skips the registry's root, its 48-bit test and its
     * interface call (an address above 2^48 has bits no leaf has, and misses the compare):
     * fixed-1024 ran at 358 M ops/s without it and 391 with it, in alternating 3-fork runs.
     * Owner-confined.
     */
    private long hotLeafIndex = -1;
    private int hotLeafShift = Long.SIZE - 1;
    private Object[] hotLeaf;

    PoolTlsHeap(PoolTlsFront front, Thread owner) {
        this.front = front;
        this.backend = front.backend();
        this.owner = owner;
        this.classIndex = front.classes().lookupTable();
        this.maxSize = front.maxSize();
        this.cache = new ClassCache(front.classes().count(), front.refill(), backend);
        this.granuleShift = backend.registry().granuleShift();
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
        return cache.pop(classIndex[(int) ((size + 7) >>> 3)]);
    }

    @Override
    public boolean free(long address) {
        if (Thread.currentThread() != owner) {
            throw front.wrongThread("free", owner);
        }
        return freeOnOwnerThread(address);
    }

    boolean freeOnOwnerThread(long address) {
        Object[] leaf = address >>> hotLeafShift == hotLeafIndex ? hotLeaf : leafOf(address);
        MidPage p = leaf == null ? backend.pageOf(address)
                : leaf[(int) (address >>> granuleShift) & (leaf.length - 1)] instanceof MidPage m && m.backend == backend ? m : null;
        if (p == null || !p.isBlockStart(address)) {
            return false;
        }
        cache.push(p.sizeClass, address);
        return true;
    }

    /** The registry's leaf for {@code address} (the less common path), remembered for the next free. */
    private Object[] leafOf(long address) {
        Object[] leaf = backend.registry().attachmentLeaf(address);
        if (leaf != null) {
            hotLeafShift = granuleShift + Integer.numberOfTrailingZeros(leaf.length);
            hotLeafIndex = address >>> hotLeafShift;
            hotLeaf = leaf;
        }
        return leaf;
    }

    /** The owner ended: every cached block back to the backend. */
    void release() {
        cache.release();
    }
}
