package org.hakmem.box.routing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockAllocator;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.Box;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.FreeListFactory;
import org.hakmem.box.api.GuardReason;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.SlabPool;
import org.hakmem.box.api.config.CheckLevel;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.api.config.HakmemOption;
import org.hakmem.box.guard.ExternalGuardBox;
import org.hakmem.box.pooltls.PoolTlsFront;
import org.hakmem.box.sharedpool.PerClassSlabPool;
import org.hakmem.box.sharedpool.SharedSlabPool;
import org.hakmem.box.smallmid.SmallMidFront;
import org.hakmem.box.superslab.LargeBlocks;
import org.hakmem.box.superslab.MappingBudget;
import org.hakmem.box.superslab.RadixRegistry;
import org.hakmem.box.superslab.SuperSlabSource;
import org.hakmem.box.tiny.TinyFront;
import org.hakmem.box.tlssll.FreeLists;

/**
 * hakmem: {@code malloc}/{@code free} of native memory, one block at a time, for Java.
 *
 * <pre>{@code
 *   Hakmem hk = Hakmem.global();              // configured from hakmem.* / HAKMEM_*
 *   long p = hk.malloc(64);
 *   NativeMemory.putLong(p, 42);              // or hk.allocate(64) for a MemorySegment
 *   hk.free(p);
 *
 *   HakmemHeap heap = hk.heap();              // hot loops: no ThreadLocal lookup per call
 *   long q = heap.malloc(16); heap.free(q);
 * }</pre>
 *
 * <p>Outcomes for bad input, all documented and all leaving the allocator consistent:
 * <ul>
 *   <li>size 0: a unique minimum block, freeable as usual (as C's {@code malloc(0)});</li>
 *   <li>a negative size, or one above {@code hakmem.maxAllocation}: {@link IllegalArgumentException}
 *       naming the size and the option;</li>
 *   <li>an alignment that is not a positive power of two: {@link IllegalArgumentException};</li>
 *   <li>{@code free(0)}: nothing (as C);</li>
 *   <li>an address no box owns, or not the start of a block: handed to the external guard, which
 *       by default throws {@link org.hakmem.box.api.InvalidPointerException} naming the address
 *       and the reason; the address is never freed or written;</li>
 *   <li>out of memory (the OS or {@code hakmem.mapping.limit} refuses): {@link OutOfMemoryError}.</li>
 * </ul>
 *
 * <p>Memory segments from {@link #allocate(long, long)} have the global scope: hakmem, not the
 * JDK, decides their lifetime, and a segment freed with {@link #free(MemorySegment)} must not be
 * used again (the JDK cannot check that for raw native memory).
 *
 * <p>JFR: {@code org.hakmem.SuperSlab} (SuperSlabs mapped and unmapped), {@code org.hakmem.GuardHit}
 * (refused addresses, with stacks) and {@code org.hakmem.Trim}, in the category "hakmem".
 *
 * <p>Thread-safety: every method may be called from any thread; a block may be freed by a
 * thread other than the one that allocated it.
 */
public final class Hakmem implements SegmentAllocator {

    /** Largest size served by the Mid box; above it, blocks are mapped directly. */
    public static final long MID_MAX = 32 * 1024;

    private final HakmemConfig config;
    private final AddressRegistry registry;
    private final MappingBudget budget;
    private final SuperSlabSource tinySource;
    private final SuperSlabSource smallMidSource;
    private final SuperSlabSource midSource;
    private final SlabPool tinyPool;
    private final TinyFront tiny;
    private final SmallMidFront smallMid;
    private final PoolTlsFront mid;
    private final LargeBlocks large;
    private final ExternalGuardBox guard;
    /** The checked level's bookkeeping, or null at the default level. */
    private final BlockChecker checker;
    private final long tinyMax;
    private final long smallMidMax;
    private final long maxAllocation;
    /** Each thread's heap of this allocator: where a miss in the shared cache ({@link ThreadHeaps#current}) looks. */
    final ThreadHeaps heaps = new ThreadHeaps(this::newHeap);

    private Hakmem(HakmemConfig config, FreeListFactory freeLists) {
        this.config = config;
        this.registry = new RadixRegistry(Long.numberOfTrailingZeros(config.superSlabSize()));
        this.budget = new MappingBudget(config.mappingLimit());
        int slab = (int) config.slabSize();
        // Tiny, Small-Mid and Mid each get their own SuperSlab source: no churn between them.
        this.tinySource = SuperSlabSource.of("superslab-tiny", config, registry, budget);
        this.tinyPool = config.tinySharedPool()
                ? new SharedSlabPool(tinySource, Owners.TINY, slab)
                : new PerClassSlabPool(tinySource, Owners.TINY, slab);
        FreeListFactory lists = freeLists != null ? freeLists : FreeLists.byName(config.tinyFreeList());
        if (config.checkLevel() == CheckLevel.CHECKED) {
            SlabPool pool = tinyPool;
            lists = FreeLists.checked(lists, a -> (a & 7) == 0 && pool.sizeClassOf(a) >= 0);
        }
        this.tiny = TinyFront.of(config, tinyPool, lists);
        this.tinyMax = tiny.maxSize();
        if (config.smallMidEnabled()) {
            this.smallMidSource = SuperSlabSource.of("superslab-smallmid", config, registry, budget);
            this.smallMid = SmallMidFront.of(config, new SharedSlabPool(smallMidSource, Owners.SMALLMID, slab));
            this.smallMidMax = smallMid.maxSize();
        } else {
            this.smallMidSource = null;
            this.smallMid = null;
            this.smallMidMax = tinyMax;
        }
        this.midSource = SuperSlabSource.of("superslab-mid", config, registry, budget);
        this.mid = PoolTlsFront.of(config, midSource, Owners.MID);
        this.large = LargeBlocks.of(config, registry, budget, Owners.LARGE);
        this.guard = ExternalGuardBox.of(config);
        this.checker = config.checkLevel() == CheckLevel.CHECKED
                ? new BlockChecker(guard, !lists.name().startsWith("intrusive"))
                : null;
        this.maxAllocation = config.maxAllocation();
    }

    /** An allocator with this configuration. */
    public static Hakmem create(HakmemConfig config) {
        return new Hakmem(Objects.requireNonNull(config, "config"), null);
    }

    /**
     * An allocator with this configuration and a free-list implementation of the caller's
     * choice for Tiny (any {@link FreeListFactory}, e.g. a new box-tls-sll variant in an A/B run).
     */
    public static Hakmem create(HakmemConfig config, FreeListFactory tinyFreeLists) {
        return new Hakmem(Objects.requireNonNull(config, "config"), Objects.requireNonNull(tinyFreeLists, "tinyFreeLists"));
    }

    /** The process-wide allocator, configured once from system properties and environment on first use. */
    public static Hakmem global() {
        return Global.INSTANCE;
    }

    /** Lazy holder: the global allocator is built on first use, exactly once. */
    private static final class Global {
        static final Hakmem INSTANCE = create(HakmemConfig.fromEnvironment());
    }

    /** The configuration this allocator was built with. */
    public HakmemConfig config() {
        return config;
    }

    /**
     * Allocates {@code size} bytes, aligned to 8, to 16 from 16 bytes up, to 64 from 4 KiB up,
     * and naturally for power-of-two sizes up to 2 KiB. Contents are undefined. (Mid's blocks of
     * a multiple of 4 KiB are one cache line longer, so that neighbours do not share L1 sets;
     * {@link #mallocAligned} gives any power-of-two alignment.)
     *
     * @throws IllegalArgumentException for a negative size or one above {@code hakmem.maxAllocation}
     * @throws OutOfMemoryError         when no memory can be mapped
     */
    public long malloc(long size) {
        // One heap lookup, then the same path as a held heap handle.
        return ThreadHeaps.current(this).malloc(size);
    }

    /**
     * Any size through the boxes' own per-thread lookups: large blocks, zero and bad sizes from
     * {@link HakmemHeap}, and aligned requests (the routed, less common path).
     */
    long mallocShared(long size, long alignment) {
        if (size < 0 || size > maxAllocation) {
            throw new IllegalArgumentException("hakmem: cannot allocate " + size + " bytes: sizes must be 0.."
                    + maxAllocation + " (" + HakmemOption.MAX_ALLOCATION.property() + ")");
        }
        if (size == 0) {
            return tiny.allocate(1);
        }
        if (size <= tinyMax) {
            return tiny.allocate(size);
        }
        if (size <= smallMidMax) {
            return smallMid.allocate(size);
        }
        if (size <= MID_MAX) {
            return mid.allocate(size);
        }
        return large.allocate(size, alignment);
    }

    /**
     * Allocates {@code count * size} bytes, all zero.
     *
     * @throws IllegalArgumentException when either is negative or the product overflows or
     *         exceeds {@code hakmem.maxAllocation}
     */
    public long calloc(long count, long size) {
        if (count < 0 || size < 0) {
            throw new IllegalArgumentException("hakmem: calloc(" + count + ", " + size + "): counts and sizes must be >= 0");
        }
        long total;
        try {
            total = Math.multiplyExact(count, size);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("hakmem: calloc(" + count + ", " + size + "): the product overflows", e);
        }
        long p = malloc(total);
        NativeMemory.fill(p, total, (byte) 0);
        return p;
    }

    /**
     * Allocates {@code size} bytes aligned to {@code alignment}, any power of two. With an
     * alignment above 16, blocks up to 32 KiB come from a power-of-two class at least as large as
     * the alignment (such classes are naturally aligned: Mid keeps uncoloured ones for this);
     * larger ones are mapped at the alignment.
     *
     * @throws IllegalArgumentException when {@code alignment} is not a positive power of two, or for a bad size
     */
    public long mallocAligned(long size, long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("hakmem: alignment must be a positive power of two, got " + alignment);
        }
        if (size < 0) {
            return mallocShared(size, alignment);
        }
        // Checked level: room for the canary after the requested bytes.
        long need = checker == null ? size : BlockChecker.padded(size);
        long effective = Math.max(need, alignment);
        if (alignment > 16 && effective <= MID_MAX) {
            // Round up to the power-of-two class that is itself aligned to the request.
            effective = Long.highestOneBit(effective - 1) << 1;
        } else if (alignment == 16 && need < 16) {
            effective = 16;
        }
        long p;
        if (alignment > 16) {
            p = alignedBlock(effective, alignment);
        } else if (checker != null && midKeepsPadded(size)) {
            p = mid.allocate(need);
        } else {
            p = mallocShared(Math.max(effective, need), alignment);
        }
        if (checker == null) {
            return p;
        }
        checker.handedOut(p, size, usableSizeUnchecked(p));
        return p;
    }

    /**
     * At the checked level: whether a request in Mid's range stays in Mid once padded for its canary
     * (Mid's largest class, 32 KiB + 64 B, holds both; {@code MisuseTest} fails if it stops).
     */
    boolean midKeepsPadded(long size) {
        return size > smallMidMax && size <= MID_MAX;
    }

    /**
     * A block of {@code size} bytes at a multiple of {@code alignment}, where {@code size} is a
     * power of two at least {@code alignment} when it is at most {@link #MID_MAX}: Mid's aligned
     * classes above the sizes whose front aligns them naturally (a wide Tiny's stop at 2 KiB), and
     * above {@link #MID_MAX} a large block (a wide Tiny's 32 KiB + 64 B class is not aligned).
     */
    long alignedBlock(long size, long alignment) {
        if (size > (config.tinyWide() ? tiny.largestNaturalPowerOfTwo() : smallMidMax) && size <= MID_MAX) {
            return mid.allocateAligned(size);
        }
        return size > MID_MAX && size <= maxAllocation ? large.allocate(size, alignment) : mallocShared(size, alignment);
    }

    /**
     * Resizes a block, keeping its first {@code min(old, new)} bytes. In place when the new size
     * still fits the block's class (at most its usable size and more than half of it);
     * otherwise a new block, a copy and a free. {@code realloc(0, n)} is {@code malloc(n)};
     * {@code realloc(p, 0)} frees {@code p} and returns 0.
     */
    public long realloc(long address, long size) {
        if (address == 0) {
            return malloc(size);
        }
        if (size == 0) {
            free(address);
            return 0;
        }
        long usable = usableSize(address);
        if (usable < 0) {
            return 0;
        }
        // In place only at the default level: the checked level keeps its canary after the exact size.
        if (checker == null && size <= usable && size > usable / 2) {
            return address;
        }
        long fresh = malloc(size);
        NativeMemory.copy(address, fresh, Math.min(usable, size));
        free(address);
        return fresh;
    }

    /**
     * Frees a block from any thread. {@code free(0)} does nothing. An address that no box owns,
     * or that is not a block start (interior, unaligned), goes to the external guard (default:
     * {@link org.hakmem.box.api.InvalidPointerException}) and is never touched.
     *
     * <p>A double free of a block that is still cached (in a thread's list) is not seen at the
     * call: with the default on-heap free lists it is refused when the block reaches its slab
     * again (a spill, {@link #trim()} or the thread's end), and counted as
     * {@code doubleFreesRefused} in the box's statistics; the allocator's own state stays
     * consistent, but until then the block may be handed out twice. With intrusive lists
     * ({@code HAKMEM_TINY_TLS_SLL=intrusive}) such a double free corrupts the list's links: use
     * the checked level, which refuses it at the call. A double free after the memory went back
     * to the OS goes to the guard.
     */
    public void free(long address) {
        ThreadHeaps.current(this).free(address);
    }

    /** Frees what no front's heap takes: large blocks; anything else of {@code box} is refused (or is 0). */
    void freeShared(long address, int box) {
        boolean freed = box == Owners.LARGE ? large.free(address) >= 0 : box == AddressRegistry.NOT_OURS && address == 0;
        if (!freed) {
            refuse("free", address, box);
        }
    }

    /** Hands a refused address to the guard with the reason and size band the registry and the boxes imply. */
    void refuse(String operation, long address, int box) {
        GuardReason reason = box != AddressRegistry.NOT_OURS
                ? ((address & 7) != 0 ? GuardReason.UNALIGNED : GuardReason.INTERIOR)
                : unmappedRecently(address) ? GuardReason.AFTER_UNMAP : GuardReason.FOREIGN;
        String band = switch (box) {
            case Owners.TINY -> "tiny (1-" + tinyMax + " B)";
            case Owners.SMALLMID -> "small-mid (to " + smallMidMax + " B)";
            case Owners.MID -> "mid (to " + MID_MAX + " B)";
            case Owners.LARGE -> "large";
            default -> "none";
        };
        guard.reject(operation, address, reason, band);
    }

    /** True when {@code address} lies in memory one of our sources recently gave back to the OS. */
    private boolean unmappedRecently(long address) {
        return tinySource.recentlyUnmapped(address) || midSource.recentlyUnmapped(address) || large.recentlyUnmapped(address)
                || (smallMidSource != null && smallMidSource.recentlyUnmapped(address));
    }

    /**
     * The usable size of a live block: at least what was asked. {@code 0} for address 0; any
     * other refused address goes to the guard and, when the guard does not throw, gives -1.
     */
    public long usableSize(long address) {
        if (checker != null && address != 0) {
            long requested = checker.requestedSize(address);
            if (requested >= 0) {
                // Checked level: the canary sits right after the requested bytes.
                return requested;
            }
        }
        return usableSizeUnchecked(address);
    }

    /** {@link #usableSize} as the boxes see it (the checked level fills this much on free). */
    long usableSizeUnchecked(long address) {
        if (address == 0) {
            return 0;
        }
        int box = registry.ownerOf(address);
        long n = switch (box) {
            case Owners.TINY -> tiny.usableSize(address);
            case Owners.SMALLMID -> smallMid == null ? -1 : smallMid.usableSize(address);
            case Owners.MID -> mid.usableSize(address);
            case Owners.LARGE -> large.usableSize(address);
            default -> -1;
        };
        if (n < 0) {
            refuse("usableSize", address, box);
        }
        return n;
    }

    /**
     * A native segment of {@code byteSize} bytes aligned to {@code byteAlignment}, from this
     * allocator (the {@link SegmentAllocator} contract). Free it with {@link #free(MemorySegment)}.
     *
     * @throws IllegalArgumentException for a negative size or an alignment that is not a positive power of two
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("hakmem: segment size must be >= 0, got " + byteSize);
        }
        return NativeMemory.segment(mallocAligned(byteSize, byteAlignment), byteSize);
    }

    /**
     * Frees a segment allocated here. A heap segment, or a native one not allocated here, is
     * refused (heap: {@link IllegalArgumentException}; native: the external guard).
     */
    public void free(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("hakmem: cannot free a heap segment (" + segment + ")");
        }
        free(segment.address());
    }

    /** The calling thread's handle, for hot loops (see {@link HakmemHeap}). */
    public HakmemHeap heap() {
        return ThreadHeaps.current(this);
    }

    private HakmemHeap newHeap() {
        BlockHeap sm = smallMid == null ? null : smallMid.heap();
        if (checker != null) {
            return new CheckedHakmemHeap(this, registry, tiny.heap(), sm, mid.heap(), tinyMax, smallMidMax, checker);
        }
        // Mid-first frees pay only where Mid serves plain malloc sizes (see MidFirstHakmemHeap).
        return smallMidMax < MID_MAX && config.fastFree()
                ? new MidFirstHakmemHeap(this, registry, tiny.heap(), sm, mid.heap(), tinyMax, smallMidMax)
                : new HakmemHeap(this, registry, tiny.heap(), sm, mid.heap(), tinyMax, smallMidMax);
    }

    /**
     * Gives cached and empty memory back to the OS now: dead threads' heaps are reaped, wholly
     * free slabs go back to their pools, and cached SuperSlabs and large blocks are unmapped.
     * Blocks cached by live threads stay with them. Returns the bytes unmapped.
     */
    public long trim() {
        TrimEvent event = new TrimEvent();
        event.begin();
        ThreadHeaps.forgetDeadThreads();
        tiny.trim();
        mid.trim();
        long given = tinySource.trim() + midSource.trim() + large.trim();
        if (smallMid != null) {
            smallMid.trim();
            given += smallMidSource.trim();
        }
        if (event.shouldCommit()) {
            event.unmapped = given;
            event.mappedAfter = budget.mappedBytes();
            event.commit();
        }
        return given;
    }

    /** Bytes mapped from the OS now, all boxes together. */
    public long mappedBytes() {
        return budget.mappedBytes();
    }

    /**
     * Measures the bytes of this allocator's mappings that are resident in RAM now, by the
     * {@code mincore} system call over every SuperSlab and large block: the allocator's own share
     * of the process's RSS, free of what the JVM itself maps. One system call per mapping (a few
     * hundred microseconds for a few hundred MiB): for reports and tests, not for hot paths.
     * Under concurrent use the figure is a snapshot; a mapping unmapped meanwhile counts as 0.
     */
    public long residentBytes() {
        long r = tinySource.measureResidentBytes() + midSource.measureResidentBytes() + large.measureResidentBytes();
        return smallMidSource == null ? r : r + smallMidSource.measureResidentBytes();
    }

    /** A statistics snapshot of every box. */
    public HakmemStats stats() {
        List<BoxStats> s = new ArrayList<>();
        for (Box b : boxes()) {
            s.add(b.stats());
        }
        return new HakmemStats(s);
    }

    /** Checks every box's invariants; call it only while no other thread uses this allocator. */
    public void checkInvariants() {
        for (Box b : boxes()) {
            b.checkInvariants();
        }
    }

    private List<Box> boxes() {
        List<Box> b = new ArrayList<>(List.<Box>of(tiny, tinyPool, tinySource));
        if (smallMid != null) {
            b.add(smallMid);
            b.add(smallMidSource);
        }
        b.addAll(List.<Box>of(mid, midSource, large, guard));
        if (checker != null) {
            b.add(checker);
        }
        return b;
    }

    /** The box serving {@code size} at the default level, for tests and reports (the checked level's canary may move it up). */
    public String boxFor(long size) {
        if (size <= 0 || size > maxAllocation) {
            return "none";
        }
        BlockAllocator front = size <= tinyMax ? tiny : size <= smallMidMax ? smallMid : size <= MID_MAX ? mid : null;
        return front == null ? large.boxName() : front.boxName();
    }
}
