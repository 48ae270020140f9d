package org.hakmem.bench.subject;

/**
 * The floor cut in two at 1 KiB, the way hakmem's router cut Tiny from Mid before a wide Tiny
 * became the default ({@code HAKMEM_TINY_WIDE=0} still does, at 1023 B; the floor's classes are
 * powers of two, so it cuts at the class boundary next to it): blocks up to
 * 1 KiB from one {@link FloorSubject}, larger ones from another, chosen by a branch on the size in
 * malloc and on the class in free. Where sizes are mixed at random (mixed-wide) both branches are
 * unpredictable, a cost the single floor, whose class is pure arithmetic, never pays.
 *
 * <pre>
 *   malloc(size) ─► size &lt;= 1 KiB ? low.malloc : high.malloc
 *   free(handle) ─► class (low 4 bits) &lt;= 1 KiB's ? low.free : high.free
 * </pre>
 */
final class SplitFloorSubject extends Subject {

    /** The largest size the low half serves. */
    private static final long LOW_MAX = 1024;
    /** The floor's class of {@link #LOW_MAX}: a free routes by the class its malloc's size had. */
    private static final long LOW_MAX_CLASS = FloorSubject.classOf(LOW_MAX);

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
        // Either half's touch: it only strips the class bits from the handle.
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

    @Override
    public void close() {
        low.close();
        high.close();
    }
}
