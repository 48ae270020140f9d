package org.hakmem.bench.subject;

import java.util.stream.IntStream;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.pooltls.PoolTlsFront;
import org.hakmem.box.pooltls.PoolTlsHeap;
import org.hakmem.box.superslab.SuperSlabSource;

/**
 * One box for every size: hakmem's Mid box (PoolTLS) composed by hand to serve 16 B - 32 KiB
 * alone, through its per-thread heap, with no router in front. An experiment subject, not in
 * the default report ({@link Subjects#EXTRA}): next to {@code hakmem-heap} and {@code
 * floor-split} it separates what routing between two boxes costs on mixed sizes from what one
 * box's own free path costs; below 1 KiB it also puts Mid's code where Tiny's would be, so it
 * compares designs, not routing alone. Its classes are Tiny's powers of two from 16 B to 512 B
 * (not 8 B: Mid carves multiples of 16), then Mid's ({@link PoolTlsFront#MID_CLASSES}). Its
 * refill count, free bytes kept and fast-free switch are the allocator's configuration ({@code
 * hakmem.mid.refill}, {@code hakmem.mid.keepFree}, {@code hakmem.fastFree}), so an A/B run sets
 * them as it would for hakmem; its regions come from a standalone source ({@link
 * SuperSlabSource#standalone()}: the default region size, no mapping limit).
 */
final class MidOnlySubject extends Subject {

    /** Tiny's classes below Mid's first, then Mid's. */
    static final SizeClasses CLASSES = SizeClasses.of(
            IntStream.concat(IntStream.of(16, 32, 64, 128, 256, 512), IntStream.of(PoolTlsFront.MID_CLASSES.sizes())).toArray());
    /** Any id: the source and its registry are this subject's own. */
    private static final int OWNER_ID = 1;

    private final PoolTlsFront front;
    private final PoolTlsHeap heap;

    MidOnlySubject() {
        this(front(HakmemConfig.fromEnvironment()));
    }

    private MidOnlySubject(PoolTlsFront front) {
        this.front = front;
        this.heap = front.heap();
    }

    private static PoolTlsFront front(HakmemConfig config) {
        return new PoolTlsFront(CLASSES, SuperSlabSource.standalone(), OWNER_ID, config.midRefill(), config.midKeepFree(),
                config.fastFree());
    }

    @Override
    public String name() {
        return "mid-only";
    }

    @Override
    public long malloc(long size) {
        return heap.allocate(size);
    }

    @Override
    public void free(long handle) {
        if (!heap.free(handle)) {
            throw new IllegalStateException("mid-only: refused free of 0x" + Long.toHexString(handle));
        }
    }

    /** This thread's heap of the same front. */
    @Override
    public Subject forThread() {
        return new MidOnlySubject(front);
    }
}
