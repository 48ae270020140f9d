package org.hakmem.bench.subject;

import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.pooltls.PoolTlsFront;
import org.hakmem.box.sharedpool.SharedSlabPool;
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
 * come from a standalone source ({@link SuperSlabSource#standalone()}: the default region size,
 * no mapping limit).
 */
final class OneBoxSubject extends Subject {

    /** Tiny's powers of two from 16 B to 512 B (not 8 B: Mid carves multiples of 16), then Mid's classes. */
    static final SizeClasses CLASSES = SizeClasses.of(
            IntStream.concat(IntStream.of(16, 32, 64, 128, 256, 512), IntStream.of(PoolTlsFront.MID_CLASSES.sizes())).toArray());
    /**
     * Tiny's slab size here: the largest {@code hakmem.slab.size} allows. The 32 KiB class then
     * gets 31 blocks a slab and the 4 KiB one 252, so fixed-4096's 128 live blocks share one slab;
     * with 256 KiB slabs they spanned three, and fixed-4096 ran at 190-207 M ops/s against 531.
     */
    private static final int TINY_SLAB = 1 << 20;
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
        HakmemConfig config = HakmemConfig.fromEnvironment();
        TinyFront front = new TinyFront(CLASSES, CLASSES.maxSize(), new SharedSlabPool(SuperSlabSource.standalone(), OWNER_ID,
                TINY_SLAB), FreeLists.byName(config.tinyFreeList()), config.tinyRefill(), config.tinyListCapacity(),
                config.fastFree());
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
