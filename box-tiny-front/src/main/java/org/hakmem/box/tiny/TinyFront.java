package org.hakmem.box.tiny;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.BlockAllocator;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.FreeList;
import org.hakmem.box.api.FreeListFactory;
import org.hakmem.box.api.PerThread;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.SlabPool;
import org.hakmem.box.api.config.HakmemConfig;

/**
 * The Tiny box: sizes 1 to {@link #maxSize()} bytes (1023 with the seed's classes), served by
 * per-thread {@link TinyHeap}s over slabs of a {@link SlabPool}.
 *
 * <pre>
 *   allocate(size) ─► heap() (ThreadLocal) ─► TinyHeap.allocate   (hold the heap to skip the lookup)
 *   free(addr)     ─► heap() ─► TinyHeap.freeOnOwnerThread         (any thread: remote frees are lock-free)
 *   a thread ends  ─► its heap is reaped (PerThread) when later heaps are made, or on trim():
 *                     cached blocks back to slabs, free slabs to the pool, the rest orphaned
 * </pre>
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class TinyFront implements BlockAllocator {

    /**
     * Most bytes of blocks a thread's list holds per class (a refill's worth at least). Why: a
     * count alone lets 256 blocks of 32 KiB (8 MiB) sit in one thread's list, 51 MiB over the wide
     * classes, held until the thread ends or trims; with this bound a thread holds at most about
     * 17 MiB. Lists of large blocks then spill, which is what {@link #FRESH_BYTES} and the heap's
     * queue of slabs with given-back blocks are for. Interleaved 1-fork runs against the build
     * without the three, M ops/s: mixed-wide 169-174 against 159-179, fixed-16384 717 and 748
     * against 724 and 750, random-mixed and fixed-16 unchanged.
     */
    static final long LIST_BYTES = 1 << 20;

    /**
     * Most bytes of fresh blocks one refill carves, as a count no lower than {@link #MIN_FRESH}.
     * Why: the blocks of a refill wait on the list, and once lists spill they mix with given-back
     * blocks in the slab, so every block carved is soon touched. With 1 MiB lists and refills of
     * 32 fresh blocks (1 MiB of 32 KiB blocks), mixed-wide's resident bytes were 1.259x of live
     * in the memory probe's loop; with this bound, 1.239x (1.230x with lists that never spill).
     */
    static final long FRESH_BYTES = 64 << 10;

    /**
     * Fewest fresh blocks one refill carves (when the refill count allows). Why: with 3 or 7
     * blocks of 16 KiB per refill, fixed-16384 ran at 227-243 M ops/s against 726-750 with 8 or
     * more (1-fork runs, each setting repeatable); the JIT compiles the workload's loop worse
     * after a fill that refilled every few mallocs. What differs in the compiled code (perfasm
     * and {@code -XX:+PrintInlining} on fixed-4096 with one fresh block per refill, 205-253
     * against 555-640 M ops/s with eight): where the profile saw no refill, C2 turns the refill
     * branch into an uncommon trap and keeps the loop's values in registers, spilling to vector
     * registers; where it saw refills, the loop keeps a call to {@code refill}, across which
     * every register is lost, and holds about ten values in stack slots, each loaded and stored
     * every step. Neither {@code -XX:CompileCommand=dontinline} on {@code refill} nor a larger
     * {@code -XX:InlineSmallCode} changes it. A loop that refills in its steady state pays this
     * anyway; the full run met it once in a baseline run of fixed-4096 (221 against 629-677) and
     * once through the convenience API on fixed-16384 (198.6 against the heap handle's 691.1).
     */
    static final int MIN_FRESH = 8;

    /** The smallest class that borrows ({@link #borrowUpTo}): below it blocks hold few bytes. */
    static final int BORROW_MIN = 1024;

    /**
     * Per class, the largest class whose free blocks a refill of it may take instead of carving
     * (see {@code TinyHeap.borrow}); the class itself when none. Classes of at least {@value
     * #BORROW_MIN} B borrow from classes at most a quarter larger (plus the colour): the next one
     * in quarter steps, the next two in eighth steps. Why a quarter: a borrowed block then wastes
     * no more than a request rounded up to quarter steps would. Half larger held the same memory
     * in the memory probe's loop (1.185x of live against 1.186x) for larger blocks handed out.
     */
    private final int[] borrowUpTo;

    private final SizeClasses classes;
    private final long maxSize;
    private final SlabPool pool;
    private final TinySlabMap slabMap;
    private final FreeListFactory listFactory;
    private final int refillCount;
    private final int listCapacity;
    private final boolean fastFree;
    private final PerThread<TinyHeap> heaps = new PerThread<>(t -> new TinyHeap(this, t), this::reaped);
    private final List<ConcurrentLinkedQueue<TinySlab>> orphans;
    private final AtomicLong slabsTaken = new AtomicLong();
    private final AtomicLong slabsReturned = new AtomicLong();
    private final AtomicLong adoptions = new AtomicLong();
    private final AtomicLong doubleFrees = new AtomicLong();
    /** Counters of reaped heaps, so statistics survive their threads. */
    private final long[] reapedRefills;
    private final long[] reapedSpills;
    private final long[] reapedBorrows;
    private long reapedRemoteFrees;

    /**
     * @param classes      the size classes
     * @param maxSize      largest size served, at most the largest class
     * @param pool         where slabs come from (box-shared-pool, or any SlabPool)
     * @param listFactory  the free-list implementation (box-tls-sll, or any FreeListFactory)
     * @param refillCount  blocks per refill, 1..listCapacity
     * @param listCapacity most blocks a thread's list holds per class
     */
    public TinyFront(SizeClasses classes, long maxSize, SlabPool pool, FreeListFactory listFactory, int refillCount,
            int listCapacity) {
        this(classes, maxSize, pool, listFactory, refillCount, listCapacity, true);
    }

    /**
     * As the six-argument constructor, choosing whether heaps use the fast free ({@link
     * org.hakmem.box.api.config.HakmemOption#FAST_FREE}).
     *
     * @param fastFree true: a free within the slab of the heap's last refill skips the slab map
     *                 when the refill before was of the same class
     */
    public TinyFront(SizeClasses classes, long maxSize, SlabPool pool, FreeListFactory listFactory, int refillCount,
            int listCapacity, boolean fastFree) {
        if (maxSize < 1 || maxSize > classes.maxSize()) {
            throw new IllegalArgumentException("tiny-front: maxSize must be 1.." + classes.maxSize() + ", got " + maxSize);
        }
        if (refillCount < 1 || listCapacity < refillCount) {
            throw new IllegalArgumentException("tiny-front: need 1 <= refillCount <= listCapacity, got "
                    + refillCount + ", " + listCapacity);
        }
        if (classes.maxSize() > pool.slabSize() / 2) {
            throw new IllegalArgumentException("tiny-front: slabs of " + pool.slabSize() + " bytes are too small for "
                    + classes.maxSize() + "-byte blocks");
        }
        this.classes = classes;
        this.maxSize = maxSize;
        this.pool = pool;
        this.slabMap = new TinySlabMap(Integer.numberOfTrailingZeros(pool.slabSize()));
        this.listFactory = listFactory;
        this.refillCount = refillCount;
        this.listCapacity = listCapacity;
        this.fastFree = fastFree;
        this.orphans = new ArrayList<>();
        for (int i = 0; i < classes.count(); i++) {
            orphans.add(new ConcurrentLinkedQueue<>());
        }
        this.reapedRefills = new long[classes.count()];
        this.reapedSpills = new long[classes.count()];
        this.reapedBorrows = new long[classes.count()];
        this.borrowUpTo = new int[classes.count()];
        for (int c = 0; c < classes.count(); c++) {
            int size = classes.size(c);
            int d = c;
            while (size >= BORROW_MIN && d + 1 < classes.count()
                    && classes.size(d + 1) <= size + size / 4 + SizeClasses.COLOUR) {
                d++;
            }
            borrowUpTo[c] = d;
        }
    }

    /**
     * A front configured by {@code config}: the seed's classes up to {@code tinyMaxClass} (or
     * {@link SizeClasses#WIDE} with {@code tinyWide}), its refill count, list capacity and
     * fast-free switch.
     */
    public static TinyFront of(HakmemConfig config, SlabPool pool, FreeListFactory listFactory) {
        SizeClasses classes = config.tinyWide() ? SizeClasses.WIDE : SizeClasses.powersOfTwo(8, 8 << config.tinyMaxClass());
        return new TinyFront(classes, config.tinyMaxSize(), pool, listFactory, config.tinyRefill(),
                config.tinyListCapacity(), config.fastFree());
    }

    @Override
    public String boxName() {
        return "tiny-front";
    }

    /** The largest power of two up to which every power-of-two size has a class of its own, so its blocks are naturally aligned. */
    public int largestNaturalPowerOfTwo() {
        return classes.largestNaturalPowerOfTwo();
    }

    @Override
    public long maxSize() {
        return maxSize;
    }

    /** The size classes. */
    public SizeClasses classes() {
        return classes;
    }

    /** The live slab holding {@code address}, or null (one lookup on the Java heap). */
    TinySlab slabOf(long address) {
        return slabMap.get(address);
    }

    TinySlabMap slabMap() {
        return slabMap;
    }

    int refillCount() {
        return refillCount;
    }

    /** Fresh blocks one refill of class {@code sizeClass} carves at most (see {@link #FRESH_BYTES}). */
    int freshPerRefill(int sizeClass) {
        return (int) Math.min(refillCount, Math.max(MIN_FRESH, FRESH_BYTES / classes.size(sizeClass)));
    }

    /** The configured most blocks per list: the capacity of the small classes' lists. */
    int listCapacity() {
        return listCapacity;
    }

    /**
     * The most blocks a thread's list of class {@code sizeClass} holds: the configured capacity,
     * but no more than {@value #LIST_BYTES} bytes of blocks, and never fewer than a refill.
     */
    int listCapacity(int sizeClass) {
        return (int) Math.max(refillCount, Math.min(listCapacity, LIST_BYTES / classes.size(sizeClass)));
    }

    /** The largest class a refill of class {@code c} may borrow from; {@code c} when none. */
    int borrowUpTo(int c) {
        return borrowUpTo[c];
    }

    /** Whether heaps use the fast free (see {@code TinyHeap.hotBase}). */
    boolean fastFree() {
        return fastFree;
    }

    @Override
    public TinyHeap heap() {
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
        TinySlab s = slabMap.get(address);
        return s != null && !s.released && s.holdsBlock(address) ? s.blockSize : -1;
    }

    IllegalArgumentException badSize(long size) {
        return new IllegalArgumentException("tiny-front serves sizes 1.." + maxSize + " bytes, got " + size);
    }

    FreeList newList(int sizeClass) {
        return listFactory.create(classes.size(sizeClass), listCapacity(sizeClass));
    }

    TinySlab newSlab(int sizeClass, TinyHeap owner) {
        TinySlab s = new TinySlab(sizeClass, classes.size(sizeClass), pool.slabSize(), owner);
        s.base = pool.acquireSlab(sizeClass, s);
        if ((s.base & (pool.slabSize() - 1)) != 0) {
            // The slab map and the block-start test rely on it; a pool that breaks it is a bug.
            pool.releaseSlab(s.base);
            throw new IllegalStateException("tiny-front: the slab pool handed out a slab at 0x" + Long.toHexString(s.base)
                    + ", not aligned to its size " + pool.slabSize());
        }
        slabMap.put(s.base, s);
        slabsTaken.incrementAndGet();
        return s;
    }

    void releaseSlab(TinySlab s) {
        s.released = true;
        slabMap.put(s.base, null);
        // A wholly free slab's remote bitmap can only hold second copies of double frees.
        doubleFrees.addAndGet(s.remote.drain(i -> { }));
        pool.releaseSlab(s.base);
        slabsReturned.incrementAndGet();
    }

    /** Blocks refused on their way back to a slab because they were already free there. */
    void doubleFreeRefused(int n) {
        doubleFrees.addAndGet(n);
    }

    void orphan(TinySlab s) {
        s.owner = null;
        orphans.get(s.sizeClass).add(s);
    }

    TinySlab adoptOrphan(int sizeClass, TinyHeap heap) {
        TinySlab s = orphans.get(sizeClass).poll();
        if (s != null) {
            s.owner = heap;
            adoptions.incrementAndGet();
        }
        return s;
    }

    /** A dead thread's heap: keep its counters, then give its blocks and slabs back. */
    private void reaped(TinyHeap h) {
        synchronized (reapedRefills) {
            for (int c = 0; c < classes.count(); c++) {
                reapedRefills[c] += h.refills[c];
                reapedSpills[c] += h.spills[c];
                reapedBorrows[c] += h.borrows[c];
            }
            reapedRemoteFrees += h.remoteFrees;
        }
        h.release();
    }

    /**
     * Gives back the calling thread's cached blocks and empty slabs, reaps dead threads' heaps,
     * takes back remote frees of orphaned slabs and gives wholly free orphans to the pool. Blocks
     * cached by other live threads stay where they are (their lists are confined to them).
     */
    @Override
    public long trim() {
        TinyHeap mine = heaps.current();
        if (mine != null) {
            mine.flush();
        }
        heaps.reapAll();
        long given = 0;
        for (ConcurrentLinkedQueue<TinySlab> q : orphans) {
            List<TinySlab> keep = new ArrayList<>();
            TinySlab s;
            while ((s = q.poll()) != null) {
                doubleFreeRefused(s.drainRemote());
                if (s.used == 0) {
                    releaseSlab(s);
                    given += pool.slabSize();
                } else {
                    keep.add(s);
                }
            }
            q.addAll(keep);
        }
        return given + pool.trim();
    }

    /** Threads' heaps not yet reaped. */
    public int heapCount() {
        return heaps.count();
    }

    @Override
    public BoxStats stats() {
        long[] refills;
        long[] spills;
        long[] borrows;
        long remote;
        synchronized (reapedRefills) {
            refills = reapedRefills.clone();
            spills = reapedSpills.clone();
            borrows = reapedBorrows.clone();
            remote = reapedRemoteFrees;
        }
        for (TinyHeap h : heaps.heaps()) {
            for (int c = 0; c < classes.count(); c++) {
                refills[c] += h.refills[c];
                spills[c] += h.spills[c];
                borrows[c] += h.borrows[c];
            }
            remote += h.remoteFrees;
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("heaps", (long) heaps.count());
        c.put("heapsCreated", heaps.created());
        c.put("heapsReaped", heaps.reaped());
        c.put("slabsTaken", slabsTaken.get());
        c.put("slabsReturned", slabsReturned.get());
        c.put("orphanAdoptions", adoptions.get());
        c.put("remoteFrees", remote);
        c.put("doubleFreesRefused", doubleFrees.get());
        List<BoxStats.ClassStats> per = new ArrayList<>();
        for (int i = 0; i < classes.count(); i++) {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("refills", refills[i]);
            m.put("spills", spills[i]);
            m.put("borrowed", borrows[i]);
            m.put("orphans", (long) orphans.get(i).size());
            per.add(new BoxStats.ClassStats(classes.size(i), m));
        }
        return new BoxStats(boxName(), c, per);
    }

    /**
     * Checks, at a quiescent point, that every free block is in exactly one place: each block on
     * a thread's list belongs to a slab of that heap and class, no block is listed twice or is
     * both listed and on its slab's free stack or remote bitmap, and every slab's counts add up.
     */
    @Override
    public void checkInvariants() {
        heaps.checkInvariants();
        Set<Long> seen = new HashSet<>();
        Set<TinySlab> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TinyHeap h : heaps.heaps()) {
            for (int c = 0; c < classes.count(); c++) {
                for (long b : h.listed(c)) {
                    TinySlab s = slabMap.get(b);
                    if (s == null || pool.slabOf(b) != s || s.owner != h || s.sizeClass != c || !s.holdsBlock(b)) {
                        throw new IllegalStateException("tiny-front: listed block 0x" + Long.toHexString(b)
                                + " is not a block of this heap's class-" + c + " slabs");
                    }
                    once(seen, b, "a thread's list");
                }
                for (TinySlab s : h.slabs(c)) {
                    if (s.owner != h || !all.add(s)) {
                        throw new IllegalStateException("tiny-front: slab 0x" + Long.toHexString(s.base)
                                + " is listed by a heap that does not own it, or twice");
                    }
                }
                List<TinySlab> own = h.slabs(c);
                List<TinySlab> queued = h.queued(c);
                if (queued.stream().distinct().count() != queued.size()
                        || queued.stream().anyMatch(s -> !s.queued || !own.contains(s))
                        || own.stream().filter(s -> s.queued).count() != queued.size()) {
                    throw new IllegalStateException("tiny-front: a heap's queue of class-" + c
                            + " slabs with given-back blocks holds a slab twice, one it does not hold, or misses a flagged one");
                }
            }
        }
        for (ConcurrentLinkedQueue<TinySlab> q : orphans) {
            for (TinySlab s : q) {
                if (s.owner != null || !all.add(s)) {
                    throw new IllegalStateException("tiny-front: orphan 0x" + Long.toHexString(s.base) + " has an owner or is listed twice");
                }
            }
        }
        if (slabsTaken.get() - slabsReturned.get() != all.size()) {
            throw new IllegalStateException("tiny-front: " + slabsTaken.get() + " slabs taken - " + slabsReturned.get()
                    + " returned, but " + all.size() + " held: a slab was lost");
        }
        for (TinySlab s : all) {
            int[] free = s.freeIndices();
            if (s.used < 0 || s.used + free.length != s.carved || s.carved > s.capacity) {
                throw new IllegalStateException("tiny-front: slab 0x" + Long.toHexString(s.base) + " counts used="
                        + s.used + " free=" + free.length + " carved=" + s.carved + " capacity=" + s.capacity);
            }
            if (pool.slabOf(s.base) != s || slabMap.get(s.base) != s || s.released) {
                throw new IllegalStateException("tiny-front: slab 0x" + Long.toHexString(s.base) + " is held but registered to "
                        + pool.slabOf(s.base));
            }
            for (int i : free) {
                once(seen, s.base + (long) i * s.blockSize, "a slab's free stack");
            }
            for (long b : s.remoteBlocks()) {
                once(seen, b, "a remote bitmap");
            }
        }
        pool.checkInvariants();
    }

    private static void once(Set<Long> seen, long block, String where) {
        if (!seen.add(block)) {
            throw new IllegalStateException("tiny-front: block 0x" + Long.toHexString(block)
                    + " is in two places (second: " + where + ")");
        }
    }
}
