package org.hakmem.box.smallmid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hakmem.box.api.BlockAllocator;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.ClassCache;
import org.hakmem.box.api.PerThread;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.SlabPool;
import org.hakmem.box.api.config.HakmemConfig;

/**
 * The Small-Mid box: 256 B to 4 KiB (classes 256, 512, 1K, 2K, 4K), per-thread caches over
 * per-class depots, on a slab pool of its own.
 *
 * <pre>
 *   allocate(size) ─► heap() ─► SmallMidHeap.allocate ─► cache ─► depot (batch of 8..16) ─► pool
 *   free(addr)     ─► pool.slabOf(addr) ─► the calling thread's cache ─► depot when full
 * </pre>
 * Thread-safety: every method may be called from any thread.
 */
public final class SmallMidFront implements BlockAllocator {

    private final SizeClasses classes;
    private final SlabPool pool;
    private final int refill;
    private final SmallMidDepot[] depots;
    private final ClassCache.Backend depotBackend = new ClassCache.Backend() {
        @Override
        public int fill(int c, long[] into, int n) {
            return depots[c].take(into, n);
        }

        @Override
        public void giveBack(int c, long[] blocks, int n) {
            depots[c].giveBack(blocks, n);
        }
    };
    private final PerThread<SmallMidHeap> heaps = new PerThread<>(t -> new SmallMidHeap(this, t), this::reaped);
    private long reapedRefills;

    /**
     * @param classes power-of-two size classes, the largest at most half a slab
     * @param pool    this box's own slab pool
     * @param refill  blocks per depot trip, 1..64
     */
    public SmallMidFront(SizeClasses classes, SlabPool pool, int refill) {
        for (int s : classes.sizes()) {
            if (Integer.bitCount(s) != 1) {
                throw new IllegalArgumentException("smallmid: classes must be powers of two, got " + classes);
            }
        }
        if (classes.maxSize() > pool.slabSize() / 2 || refill < 1 || refill > 64) {
            throw new IllegalArgumentException("smallmid: need classes up to half a slab (" + pool.slabSize()
                    + ") and refill 1..64; got " + classes + ", refill " + refill);
        }
        this.classes = classes;
        this.pool = pool;
        this.refill = refill;
        this.depots = new SmallMidDepot[classes.count()];
        for (int i = 0; i < depots.length; i++) {
            depots[i] = new SmallMidDepot(i, classes.size(i), pool);
        }
    }

    /** The front configured by {@code config}: classes 256 B .. 4 KiB, its refill count. */
    public static SmallMidFront of(HakmemConfig config, SlabPool pool) {
        return new SmallMidFront(SizeClasses.powersOfTwo(256, 4096), pool, config.smallMidRefill());
    }

    @Override
    public String boxName() {
        return "smallmid";
    }

    @Override
    public long maxSize() {
        return classes.maxSize();
    }

    @Override
    public SmallMidHeap heap() {
        return heaps.get();
    }

    @Override
    public long allocate(long size) {
        return heaps.get().allocate(size);
    }

    @Override
    public boolean free(long address) {
        return heaps.get().freeOnOwnerThread(address);
    }

    @Override
    public long usableSize(long address) {
        SmallMidSlab s = slabOf(address);
        return s != null && s.isBlockStart(address) ? s.blockSize : -1;
    }

    /** Gives back the calling thread's cached blocks and reaps dead threads' heaps: blocks go back to the depots, empty slabs to the pool. */
    @Override
    public long trim() {
        SmallMidHeap mine = heaps.current();
        if (mine != null) {
            mine.release();
        }
        heaps.reapAll();
        return pool.trim();
    }

    int classCount() {
        return classes.count();
    }

    int refill() {
        return refill;
    }

    /** The depots as the heaps' cache backend: class {@code c} is depot {@code c}. */
    ClassCache.Backend depots() {
        return depotBackend;
    }

    int classOf(long size) {
        if (Long.compareUnsigned(size - 1, classes.maxSize()) >= 0) {
            throw new IllegalArgumentException("smallmid serves sizes 1.." + classes.maxSize() + " bytes, got " + size);
        }
        return classes.classOf(size);
    }

    SmallMidSlab slabOf(long address) {
        return pool.slabOf(address) instanceof SmallMidSlab s ? s : null;
    }

    IllegalStateException wrongThread(String op, Thread owner) {
        return new IllegalStateException("smallmid: " + op + " on the heap of thread '" + owner.getName()
                + "' called from thread '" + Thread.currentThread().getName() + "'; a heap handle belongs to one thread");
    }

    private void reaped(SmallMidHeap h) {
        synchronized (this) {
            reapedRefills += h.cache.refills();
        }
        h.release();
    }

    @Override
    public BoxStats stats() {
        long refills;
        synchronized (this) {
            refills = reapedRefills;
        }
        for (SmallMidHeap h : heaps.heaps()) {
            refills += h.cache.refills();
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("heaps", (long) heaps.count());
        c.put("heapsReaped", heaps.reaped());
        c.put("refills", refills);
        List<BoxStats.ClassStats> per = new ArrayList<>();
        for (SmallMidDepot d : depots) {
            synchronized (d) {
                Map<String, Long> m = new LinkedHashMap<>();
                m.put("slabsTaken", d.slabsTaken);
                m.put("slabsReturned", d.slabsReturned);
                m.put("doubleFreesRefused", d.doubleFreesRefused);
                per.add(new BoxStats.ClassStats(classes.size(per.size()), m));
            }
        }
        return new BoxStats(boxName(), c, per);
    }

    /**
     * At a quiescent point: every cached block is a block start of its class, no block is cached
     * twice or both cached and free in its slab, and every slab's counts add up.
     */
    @Override
    public void checkInvariants() {
        heaps.checkInvariants();
        Set<Long> seen = new HashSet<>();
        for (SmallMidHeap h : heaps.heaps()) {
            for (int c = 0; c < h.cache.classes(); c++) {
                for (long b : h.cache.cached(c)) {
                    SmallMidSlab s = slabOf(b);
                    if (s == null || s.sizeClass != c || !s.isBlockStart(b)) {
                        throw new IllegalStateException("smallmid: cached 0x" + Long.toHexString(b) + " is not a class-" + c + " block");
                    }
                    once(seen, b);
                }
            }
        }
        for (SmallMidDepot d : depots) {
            for (SmallMidSlab s : d.slabsWithRoom()) {
                if (s.used + s.freeTop != s.carved || s.carved > s.capacity || s.used <= 0) {
                    throw new IllegalStateException("smallmid: slab 0x" + Long.toHexString(s.base) + " counts used=" + s.used
                            + " free=" + s.freeTop + " carved=" + s.carved);
                }
                for (int i = 0; i < s.freeTop; i++) {
                    once(seen, s.base + (long) s.free[i] * s.blockSize);
                }
            }
        }
        pool.checkInvariants();
    }

    private static void once(Set<Long> seen, long b) {
        if (!seen.add(b)) {
            throw new IllegalStateException("smallmid: block 0x" + Long.toHexString(b) + " is in two places");
        }
    }
}
