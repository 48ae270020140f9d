package org.hakmem.bench.subject;

/**
 * The floor cut in two at 1 KiB, the way hakmem's router cuts Tiny from Mid: blocks up to 1 KiB
 * from one {@link FloorSubject}, larger ones from another, chosen by a branch on the size in
 * malloc and on the class in free. It measures the least that routing between two boxes costs:
 * where sizes are mixed at random (mixed-wide) both branches are unpredictable, which the
 * single floor, whose class is pure arithmetic, never pays.
 *
 * <pre>
 *   malloc(size) ─► size &lt;= 1 KiB ? low.malloc : high.malloc
 *   free(handle) ─► class (low 4 bits) &lt;= 1 KiB's ? low.free : high.free
 * </pre>
 */
final class SplitFloorSubject extends Subject {

    /** The largest size the low half serves, as Tiny's largest class. */
    private static final long LOW_MAX = 1024;
    /** The floor's class of {@link #LOW_MAX} (16 B is class 0). */
    private static final long LOW_MAX_CLASS = 6;

    private final FloorSubject low;
    private final FloorSubject high;

    SplitFloorSubject() {
        this(new FloorSubject(), new FloorSubject());
    }

    private SplitFloorSubject(FloorSubject low, FloorSubject high) {
        this.low = low;
        this.high = high;
    }

    @Override
    public String name() {
        return "floor-split";
    }

    @Override
    public long malloc(long size) {
        return size <= LOW_MAX ? low.malloc(size) : high.malloc(size);
    }

    @Override
    public void touch(long handle, long size) {
        low.touch(handle, size);
    }

    @Override
    public void free(long handle) {
        if ((handle & 15) <= LOW_MAX_CLASS) {
            low.free(handle);
        } else {
            high.free(handle);
        }
    }

    @Override
    public Subject forThread() {
        return new SplitFloorSubject((FloorSubject) low.forThread(), (FloorSubject) high.forThread());
    }
}
