package org.hakmem.box.pooltls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hakmem.box.api.BlockAllocator;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.PerThread;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.config.HakmemConfig;

/**
 * The Mid box (PoolTLS): up to 32 KiB over whole regions of its own {@link RegionSource}. The
 * default classes ({@link #MID_CLASSES}) are four per doubling from 1 KiB: a block wastes at most
 * a fifth of itself (power-of-two classes waste up to half, a quarter on average). Those that
 * would be a multiple of 4 KiB are coloured, one cache line larger (4160 B, not 4096).
 *
 * <p>Why: blocks carved at a stride of exactly 4 KiB all start in the same L1 cache set (its
 * index is address bits 6-11), so a loop over 128 of them misses L1 on each. On this project's
 * 2-core Xeon (48 KiB L1d) the bench's floor ran fixed-4096 at 192-194 M ops/s carved at 4096 B
 * and 448-493 carved at 4160 B. The colour costs 1.6% of a 4 KiB block and less above, and it is
 * usable.
 *
 * <p>Aligned requests ({@link #allocateAligned}) still get naturally aligned blocks. A power of
 * two that is a class is served by it. Otherwise (4096, 8192, 16384, 32768 with the default
 * classes) it has an aligned class of its own, carved at its size on pages of its own.
 *
 * <p>The largest default class is 32832 B, so the box serves sizes up to that; the routing
 * ({@code Hakmem}) sends it sizes up to 32 KiB only, and maps larger ones.
 *
 * <pre>
 *   allocate(size) ─► heap() ─► PoolTlsHeap.allocate ─► list ─► MidBackend.fill(refill) ─► region source
 *   free(addr)     ─► registry ─► page ─► the calling thread's list ─► MidBackend.giveBack (lock-free) when full
 * </pre>
 * Thread-safety: every method may be called from any thread.
 */
public final class PoolTlsFront implements BlockAllocator {

    /** Mid's classes, {@link SizeClasses#MID}: 1 KiB to 32 KiB, four per doubling, a multiple of 4 KiB coloured. */
    public static final SizeClasses MID_CLASSES = SizeClasses.MID;

    /** The colour added to a class that would be a multiple of 4 KiB: one cache line ({@link SizeClasses#COLOUR}). */
    public static final int COLOUR = SizeClasses.COLOUR;

    private final SizeClasses classes;
    /**
     * Per power of two {@code 2^k} (index k) up to the largest class: the backend class that
     * serves it naturally aligned ({@link #allocateAligned}), else -1. Powers of two below the
     * first class's share its aligned class. Backend classes from {@code classes.count()} up are
     * the aligned ones no class of {@code classes} is.
     */
    private final int[] alignedClass;
    /** The largest power of two {@link #allocateAligned} serves. */
    private final int largestAligned;
    private final MidBackend backend;
    private final int refill;
    private final boolean fastFree;
    private final PerThread<PoolTlsHeap> heaps = new PerThread<>(t -> new PoolTlsHeap(this, t), this::reaped);
    private long reapedRefills;

    /**
     * @param classes size classes (multiples of 16), the largest at most a quarter of a region
     * @param source  this box's own region source
     * @param ownerId the owner id its regions are registered with
     * @param refill  blocks per refill, 1..64
     * @param keepFreeBytes resident free bytes a class of 8 KiB blocks or more keeps in the
     *                backend before their pages go back to the OS, {@code >= 0}
     */
    public PoolTlsFront(SizeClasses classes, RegionSource source, int ownerId, int refill, long keepFreeBytes) {
        this(classes, source, ownerId, refill, keepFreeBytes, true);
    }

    /**
     * As the five-argument constructor, choosing whether heaps use the fast free ({@link
     * org.hakmem.box.api.config.HakmemOption#FAST_FREE}).
     *
     * @param fastFree true: a free within the granule of the heap's last four frees skips the
     *                 registry
     */
    public PoolTlsFront(SizeClasses classes, RegionSource source, int ownerId, int refill, long keepFreeBytes,
            boolean fastFree) {
        if (classes.maxSize() > source.regionSize() / 4 || refill < 1 || refill > 64 || keepFreeBytes < 0) {
            throw new IllegalArgumentException("pool-tls: need classes up to a quarter region (" + source.regionSize()
                    + "), refill 1..64 and keepFreeBytes >= 0; got " + classes + ", refill " + refill + ", keepFreeBytes "
                    + keepFreeBytes);
        }
        this.classes = classes;
        List<Integer> sizes = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            sizes.add(classes.size(c));
        }
        this.alignedClass = new int[Long.SIZE];
        Arrays.fill(alignedClass, -1);
        int first = Integer.highestOneBit(classes.size(0) - 1) << 1;
        for (int p = first; p > 0 && p <= classes.maxSize(); p <<= 1) {
            int c = sizes.indexOf(p);
            if (c < 0) {
                c = sizes.size();
                sizes.add(p);
            }
            alignedClass[Integer.numberOfTrailingZeros(p)] = c;
        }
        // A smaller power of two (a router whose Tiny box stops early sends 256 or 512 here) gets
        // the first aligned class: a multiple of it is a multiple of every smaller power of two.
        for (int k = 0; k < Integer.numberOfTrailingZeros(first); k++) {
            alignedClass[k] = alignedClass[Integer.numberOfTrailingZeros(first)];
        }
        this.largestAligned = Integer.highestOneBit(classes.maxSize());
        this.backend = new MidBackend(source, ownerId, sizes.stream().mapToInt(Integer::intValue).toArray(), keepFreeBytes);
        this.refill = refill;
        this.fastFree = fastFree;
    }

    /** The front configured by {@code config}: {@link #MID_CLASSES}, its refill count, free bytes kept and fast-free switch. */
    public static PoolTlsFront of(HakmemConfig config, RegionSource source, int ownerId) {
        return new PoolTlsFront(MID_CLASSES, source, ownerId, config.midRefill(), config.midKeepFree(), config.fastFree());
    }

    @Override
    public String boxName() {
        return "pool-tls";
    }

    @Override
    public long maxSize() {
        return classes.maxSize();
    }

    @Override
    public PoolTlsHeap heap() {
        return heaps.get();
    }

    @Override
    public long allocate(long size) {
        return heaps.get().allocate(size);
    }

    /**
     * A block of at least {@code size} bytes, a power of two, at an address that is a multiple of
     * {@code size}, for the calling thread (aligned requests; {@link #allocate} may colour it).
     * From the smallest class's power of two up, the block is exactly {@code size} bytes; a
     * smaller power of two gets a block of that first aligned class.
     *
     * @throws IllegalArgumentException when {@code size} is not a power of two of at most the
     *         largest class
     */
    public long allocateAligned(long size) {
        return heaps.get().allocateAligned(size);
    }

    /** The backend class serving {@code size} naturally aligned, or -1 when {@code size} is not such a power of two. */
    int alignedClassOf(long size) {
        return size > 0 && Long.bitCount(size) == 1 ? alignedClass[Long.numberOfTrailingZeros(size)] : -1;
    }

    @Override
    public boolean free(long address) {
        return heaps.get().freeOnOwnerThread(address);
    }

    @Override
    public long usableSize(long address) {
        MidPage p = backend.pageOf(address);
        return p != null && p.isBlockStart(address) ? p.blockSize : -1;
    }

    /** Gives back the calling thread's cached blocks and reaps dead threads' heaps: wholly free regions go back to the source. */
    @Override
    public long trim() {
        PoolTlsHeap mine = heaps.current();
        if (mine != null) {
            mine.release();
        }
        heaps.reapAll();
        backend.collect();
        return 0;
    }

    int refill() {
        return refill;
    }

    /** Whether heaps use the fast free (see {@code PoolTlsHeap.hotBase}). */
    boolean fastFree() {
        return fastFree;
    }

    MidBackend backend() {
        return backend;
    }

    SizeClasses classes() {
        return classes;
    }

    IllegalArgumentException badAlignedSize(long size) {
        return new IllegalArgumentException("pool-tls: aligned blocks are powers of two up to " + largestAligned
                + " bytes, got " + size);
    }

    IllegalArgumentException badSize(long size) {
        return new IllegalArgumentException("pool-tls serves sizes 1.." + classes.maxSize() + " bytes, got " + size);
    }

    IllegalStateException wrongThread(String op, Thread owner) {
        return new IllegalStateException("pool-tls: " + op + " on the heap of thread '" + owner.getName()
                + "' called from thread '" + Thread.currentThread().getName() + "'; a heap handle belongs to one thread");
    }

    private void reaped(PoolTlsHeap h) {
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
        for (PoolTlsHeap h : heaps.heaps()) {
            refills += h.cache.refills();
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("heaps", (long) heaps.count());
        c.put("heapsReaped", heaps.reaped());
        c.put("refills", refills);
        c.put("pagesTaken", backend.pagesTaken.get());
        c.put("pagesReturned", backend.pagesReturned.get());
        c.put("doubleFreesRefused", backend.doubleFreesRefused.get());
        c.put("blocksPurged", backend.blocksPurged.get());
        c.put("batchesGivenBack", backend.batchesGivenBack.get());
        return new BoxStats(boxName(), c, List.of());
    }

    /** At a quiescent point: cached blocks are block starts of their class, none in two places, page counts add up. */
    @Override
    public void checkInvariants() {
        heaps.checkInvariants();
        // Quiescent: batches still on their way back are returned first, so every block is counted once.
        backend.collect();
        Set<Long> seen = new HashSet<>();
        for (PoolTlsHeap h : heaps.heaps()) {
            for (int c = 0; c < h.cache.classes(); c++) {
                for (long b : h.cache.cached(c)) {
                    MidPage p = backend.pageOf(b);
                    if (p == null || p.sizeClass != c || !p.isBlockStart(b)) {
                        throw new IllegalStateException("pool-tls: cached 0x" + Long.toHexString(b) + " is not a class-" + c + " block");
                    }
                    once(seen, b);
                }
            }
        }
        for (int c = 0; c < backend.classCount(); c++) {
            for (MidPage p : new ArrayList<>(backend.pagesWithRoom(c))) {
                if (p.used + p.freeTop != p.carved || p.carved > p.capacity || p.used <= 0 || p.purgedTop < 0
                        || p.purgedTop > p.freeTop) {
                    throw new IllegalStateException("pool-tls: page 0x" + Long.toHexString(p.base) + " counts used=" + p.used
                            + " free=" + p.freeTop + " purged=" + p.purgedTop + " carved=" + p.carved);
                }
                for (int i = 0; i < p.freeTop; i++) {
                    once(seen, p.base + (long) p.free[i] * p.blockSize);
                }
            }
        }
    }

    private static void once(Set<Long> seen, long b) {
        if (!seen.add(b)) {
            throw new IllegalStateException("pool-tls: block 0x" + Long.toHexString(b) + " is in two places");
        }
    }
}
