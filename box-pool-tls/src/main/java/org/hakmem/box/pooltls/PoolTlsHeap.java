package org.hakmem.box.pooltls;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.ClassCache;
import org.hakmem.box.api.FreeStreak;

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

    /**
     * {@link #hotBase} when no granule is remembered: no address in {@code [0, 2^63)} is within a
     * granule of it. Negative addresses just above it are, and meet the page's block-start test
     * ({@link MidPage#isBlockStart}), which refuses them.
     */
    private static final long NO_BASE = Long.MIN_VALUE;

    private final PoolTlsFront front;
    /** The front's backend, here so that a free's page lookup starts one load closer. */
    private final MidBackend backend;
    private final Thread owner;
    /** The classes' lookup table and largest size, here so that size-to-class is one load off this heap. */
    private final byte[] classIndex;
    private final long maxSize;
    final ClassCache cache;
    private final int granuleShift;
    private final long granuleSize;
    /** {@link PoolTlsFront#fastFree()}: false leaves {@link #hotBase} disarmed for good. */
    private final boolean fastFree;
    /**
     * The registry's attachment leaf this heap's last lookup went through ({@link
     * AddressRegistry#attachmentLeaf}), and the address bits above it that select it (-1: none
     * yet). Why: one heap's Mid blocks nearly always lie under one leaf (many GiB of
     * SuperSlabs), so the common free skips the registry's root, its 48-bit test and its
     * interface call (an address above 2^48 has bits no leaf has, and misses the compare):
     * fixed-1024 ran at 358 M ops/s without it and 391 with it, in alternating 3-fork runs.
     * Owner-confined.
     */
    private long hotLeafIndex = -1;
    private int hotLeafShift = Long.SIZE - 1;
    private Object[] hotLeaf = new Object[1];
    /**
     * The fast free's granule base ({@link #NO_BASE}: none), under {@link #hotLeaf}. Why: a free
     * within that granule finds its page through this field instead of through its address, so
     * its push no longer waits on the chain address, leaf, page, class, and the next malloc's pop
     * waits on that push. Armed after four frees in a row went to one granule of this backend's
     * through the registry, disarmed by the next such free to another granule or a leaf switch:
     * where frees spread over many pages, a check that often failed would be a branch often
     * mispredicted. Frees it serves do not count, so one free elsewhere costs the next four
     * their lookups. A number, not the page: a reference stored on every
     * change pays the collector's write barrier. The page is read from the live registry, so it
     * is exactly what a lookup would find. Measured with {@code ./hakmem bench ab --a
     * HAKMEM_FAST_FREE=0 --b HAKMEM_FAST_FREE=1 --runs 5}, B/A of the medians: fixed-1024 1.53,
     * fixed-4096 1.14, fixed-16384 1.11, mixed-wide 1.00 (the last three within noise).
     */
    private long hotBase = NO_BASE;
    /**
     * The {@link FreeStreak} history of the granule indices of the frees that went through the
     * registry to this backend's pages. It starts at 0 and survives a leaf switch, harmlessly:
     * the granule it arms to is the newest free's, always under {@link #hotLeaf}.
     */
    private long history;

    PoolTlsHeap(PoolTlsFront front, Thread owner) {
        this.front = front;
        this.backend = front.backend();
        this.owner = owner;
        this.classIndex = front.classes().lookupTable();
        this.maxSize = front.maxSize();
        this.cache = new ClassCache(backend.classCount(), front.refill(), backend);
        this.granuleShift = backend.registry().granuleShift();
        this.granuleSize = 1L << granuleShift;
        this.fastFree = front.fastFree();
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

    /** As {@link PoolTlsFront#allocateAligned}, on this heap (aligned requests: the less common path). */
    long allocateAligned(long size) {
        if (Thread.currentThread() != owner) {
            throw front.wrongThread("allocate", owner);
        }
        int c = front.alignedClassOf(size);
        if (c < 0) {
            throw front.badAlignedSize(size);
        }
        return cache.pop(c);
    }

    @Override
    public boolean free(long address) {
        if (Thread.currentThread() != owner) {
            throw front.wrongThread("free", owner);
        }
        return freeOnOwnerThread(address);
    }

    /**
     * The free path: when the address lies in the fast free's granule (see {@link #hotBase}),
     * that granule's page, found without the address; else the registry. One push site, to keep
     * the compiled free small (callers inline it only while it is).
     */
    boolean freeOnOwnerThread(long address) {
        MidPage p = armedPage(address);
        if (p == null) {
            p = pageLookedUp(address);
        }
        if (p == null || !p.isBlockStart(address)) {
            return false;
        }
        cache.push(p.sizeClass, address);
        return true;
    }

    /**
     * The fast free alone, for a router that tries this box before another: frees
     * {@code address} when it is a block of the fast free's granule (see {@link #hotBase}), and
     * returns false, changing nothing, for anything else (the caller goes on to its lookups).
     *
     * @throws IllegalStateException when called from a thread other than {@link #owner()}
     */
    public boolean tryFastFree(long address) {
        if (Thread.currentThread() != owner) {
            throw front.wrongThread("free", owner);
        }
        MidPage p = armedPage(address);
        if (p == null || !p.isBlockStart(address)) {
            return false;
        }
        cache.push(p.sizeClass, address);
        return true;
    }

    /** The fast free's page when {@code address} lies in its granule, else null: no load that depends on the address. */
    private MidPage armedPage(long address) {
        return Long.compareUnsigned(address - hotBase, granuleSize) < 0 && hotAttachment() instanceof MidPage h
                && h.backend == backend ? h : null;
    }

    /** What the registry holds in the fast free's slot of {@link #hotLeaf} (meaningful while {@link #hotBase} is armed). */
    private Object hotAttachment() {
        return hotLeaf[(int) (hotBase >>> granuleShift) & (hotLeaf.length - 1)];
    }

    /** The page through the registry (the leaf straight off this heap), or null when it is not this backend's. */
    private MidPage pageLookedUp(long address) {
        Object[] leaf = address >>> hotLeafShift == hotLeafIndex ? hotLeaf : leafOf(address);
        if (leaf == null) {
            return backend.pageOf(address);
        }
        long g = address >>> granuleShift;
        if (!(leaf[(int) g & (leaf.length - 1)] instanceof MidPage p && p.backend == backend)) {
            return null;
        }
        if (fastFree) {
            remember(g);
        }
        return p;
    }

    /** A free went to granule {@code g} through the registry: arms the fast free to it, or disarms it ({@link FreeStreak}). */
    private void remember(long g) {
        long h = FreeStreak.push(history, g);
        history = h;
        hotBase = FreeStreak.armed(h, g << granuleShift, NO_BASE);
    }

    /** The registry's leaf for {@code address} (the less common path), remembered for the next free. */
    private Object[] leafOf(long address) {
        Object[] leaf = backend.registry().attachmentLeaf(address);
        if (leaf != null) {
            hotLeafShift = granuleShift + Integer.numberOfTrailingZeros(leaf.length);
            hotLeafIndex = address >>> hotLeafShift;
            hotLeaf = leaf;
            // The fast free's granule was one under the old leaf.
            hotBase = NO_BASE;
        }
        return leaf;
    }

    /** What the fast free would find in its granule's slot, or null while it is disarmed (tests). */
    Object fastFreeAttachment() {
        return hotBase == NO_BASE ? null : hotAttachment();
    }

    /** The owner ended: every cached block back to the backend. */
    void release() {
        cache.release();
    }
}
