package org.hakmem.bench.subject;

import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.sharedpool.SharedSlabPool;
import org.hakmem.box.superslab.SuperSlabSource;
import org.hakmem.box.tiny.TinyFront;
import org.hakmem.box.tiny.TinyHeap;
import org.hakmem.box.tlssll.FreeLists;

/**
 * One box for every size, the other way round from {@link MidOnlySubject}: hakmem's Tiny box
 * composed by hand to serve 16 B - 32 KiB alone, with {@link MidOnlySubject#CLASSES} (so its
 * slabs test block starts by multiply, {@code TinySlab.holdsBlock}) and no router. An experiment
 * subject, not in the default report ({@link Subjects#EXTRA}). Its slabs are 1 MiB, the largest
 * {@code hakmem.slab.size} allows: the 32 KiB class then gets 31 blocks a slab, and the 4 KiB one
 * 252, so that fixed-4096's 128 live blocks share one slab (with 256 KiB slabs they spanned
 * three, and fixed-4096 ran at 190-207 M ops/s against 531 with 1 MiB). Its free-list kind,
 * refill count, list capacity and fast-free switch are the allocator's configuration.
 */
final class TinyOnlySubject extends Subject {

    /** The slab size (see the class comment). */
    private static final int SLAB = 1 << 20;
    /** Any id: the source and its registry are this subject's own. */
    private static final int OWNER_ID = 1;

    private final TinyFront front;
    private final TinyHeap heap;

    TinyOnlySubject() {
        this(front(HakmemConfig.fromEnvironment()));
    }

    private TinyOnlySubject(TinyFront front) {
        this.front = front;
        this.heap = front.heap();
    }

    private static TinyFront front(HakmemConfig config) {
        SharedSlabPool pool = new SharedSlabPool(SuperSlabSource.standalone(), OWNER_ID, SLAB);
        return new TinyFront(MidOnlySubject.CLASSES, MidOnlySubject.CLASSES.maxSize(), pool,
                FreeLists.byName(config.tinyFreeList()), config.tinyRefill(), config.tinyListCapacity(), config.fastFree());
    }

    @Override
    public String name() {
        return "tiny-only";
    }

    @Override
    public long malloc(long size) {
        return heap.allocate(size);
    }

    @Override
    public void free(long handle) {
        if (!heap.free(handle)) {
            throw new IllegalStateException("tiny-only: refused free of 0x" + Long.toHexString(handle));
        }
    }

    /** This thread's heap of the same front. */
    @Override
    public Subject forThread() {
        return new TinyOnlySubject(front);
    }
}
