package org.hakmem.bench.subject;

import java.util.function.Supplier;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.api.config.HakmemOption;
import org.hakmem.box.pooltls.PoolTlsFront;
import org.hakmem.box.sharedpool.SharedSlabPool;
import org.hakmem.box.superslab.MappingBudget;
import org.hakmem.box.superslab.RadixRegistry;
import org.hakmem.box.superslab.SuperSlabSource;
import org.hakmem.box.tiny.TinyFront;
import org.hakmem.box.tlssll.FreeLists;

/**
 * One box for every size: one of hakmem's front boxes composed by hand to serve 16 B - 32 KiB
 * alone, through its per-thread heap, with no router in front. The experiment subjects {@code
 * mid-only} and {@code tiny-only} ({@link Subjects#EXTRA}, not in the default report): next to
 * {@code hakmem-heap} and {@code floor-split} they separate what routing between two boxes costs
 * on mixed sizes from what one box's own free path costs. Each also runs its own code where
 * hakmem would run the other box's, so they compare designs, not routing alone.
 *
 * <p>Both use {@link #CLASSES}. Each box's settings are the allocator's configuration, so an A/B
 * run sets them as it would for hakmem: Mid's refill count, free bytes kept and fast-free switch;
 * Tiny's free-list kind, refill count, list capacity and fast-free switch. Each front's regions
 * come from a source of its own with no mapping limit: Mid's of the default region size ({@link
 * SuperSlabSource#standalone()}, with the default cache and purge delay), Tiny's of {@link
 * #TINY_SUPERSLAB} (with the cache and purge delay of the configuration).
 */
final class OneBoxSubject extends Subject {

    /** {@link SizeClasses#WIDE}: Tiny's powers of two from 16 B to 512 B, then Mid's classes. */
    static final SizeClasses CLASSES = SizeClasses.WIDE;
    /**
     * Tiny's slab size here, 4 MiB on 8 MiB SuperSlabs (both above the allocator's defaults): the
     * 16 KiB class then gets 255 blocks a slab, so fixed-16384's 128 live blocks share one. Tiny
     * slows to about 200 M ops/s wherever a fixed size's live blocks span two slabs or more:
     * fixed-16384 ran 201 with 2 MiB slabs and 533 with 4 MiB; fixed-4096 190-207 with 256 KiB
     * and 531 with 1 MiB (1-fork SlotBench runs). Small classes pay little for the size in
     * memory (blocks are carved a refill at a time, and pages are resident only once touched) but
     * some in time: a 16 B slab of 4 MiB keeps 64 KiB of bitmaps, and each refill scans 64
     * summary words for remote frees instead of one, which may be part of why fixed-16 runs
     * slower here than in hakmem-heap.
     */
    private static final int TINY_SLAB = 4 << 20;
    /** The SuperSlab size {@link #TINY_SLAB} needs (a slab is at most half a SuperSlab). */
    private static final String TINY_SUPERSLAB = "8m";
    /** Any id: each front's source and registry are its own. */
    private static final int OWNER_ID = 1;

    private final String name;
    /** The calling thread's heap of the subject's front. */
    private final Supplier<BlockHeap> heaps;
    private final BlockHeap heap;

    private OneBoxSubject(String name, Supplier<BlockHeap> heaps) {
        this.name = name;
        this.heaps = heaps;
        this.heap = heaps.get();
    }

    /** {@code mid-only}: Mid (PoolTLS) alone. */
    static OneBoxSubject mid() {
        HakmemConfig config = HakmemConfig.fromEnvironment();
        PoolTlsFront front = new PoolTlsFront(CLASSES, SuperSlabSource.standalone(), OWNER_ID, config.midRefill(),
                config.midKeepFree(), config.fastFree());
        return new OneBoxSubject("mid-only", front::heap);
    }

    /** {@code tiny-only}: Tiny alone, on {@link #TINY_SLAB} slabs. */
    static OneBoxSubject tiny() {
        HakmemConfig config = HakmemConfig.builder().set(HakmemOption.SUPERSLAB_SIZE, TINY_SUPERSLAB).build();
        SuperSlabSource source = SuperSlabSource.of("superslab-tiny-only", config,
                new RadixRegistry(Long.numberOfTrailingZeros(config.superSlabSize())), new MappingBudget(0));
        TinyFront front = new TinyFront(CLASSES, CLASSES.maxSize(), new SharedSlabPool(source, OWNER_ID, TINY_SLAB),
                FreeLists.byName(config.tinyFreeList()), config.tinyRefill(), config.tinyListCapacity(), config.fastFree());
        return new OneBoxSubject("tiny-only", front::heap);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long malloc(long size) {
        return heap.allocate(size);
    }

    @Override
    public void free(long handle) {
        if (!heap.free(handle)) {
            throw new IllegalStateException(name + ": refused free of 0x" + Long.toHexString(handle));
        }
    }

    /** This thread's heap of the same front. */
    @Override
    public Subject forThread() {
        return new OneBoxSubject(name, heaps);
    }
}
