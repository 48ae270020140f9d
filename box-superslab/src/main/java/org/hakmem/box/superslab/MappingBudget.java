package org.hakmem.box.superslab;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes mapped from the OS by the sources that share this budget, against an optional limit
 * (hakmem.mapping.limit). A mapping that would cross the limit fails with an
 * {@link OutOfMemoryError} before anything is mapped, so tests can provoke "out of memory"
 * without exhausting the machine.
 *
 * <p>Thread-safety: lock-free; any thread.
 */
public final class MappingBudget {

    private final long limit;
    private final AtomicLong mapped = new AtomicLong();
    private final AtomicLong mmapCalls = new AtomicLong();
    private final AtomicLong munmapCalls = new AtomicLong();

    /** @param limit most bytes mapped at once; 0 means no limit */
    public MappingBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("mapping limit must be >= 0, got " + limit);
        }
        this.limit = limit;
    }

    /** Bytes mapped now. */
    public long mappedBytes() {
        return mapped.get();
    }

    /** mmap calls so far. */
    public long mmapCalls() {
        return mmapCalls.get();
    }

    /** munmap calls so far. */
    public long munmapCalls() {
        return munmapCalls.get();
    }

    /** mmap and munmap calls made for one source (a source's share of the budget's totals). */
    public static final class Calls {
        private final AtomicLong mmaps = new AtomicLong();
        private final AtomicLong munmaps = new AtomicLong();

        /** Counts starting at zero. */
        public Calls() {}

        /** mmap calls so far. */
        public long mmaps() {
            return mmaps.get();
        }

        /** munmap calls so far (including the trims of over-mapped heads and tails). */
        public long munmaps() {
            return munmaps.get();
        }
    }

    /**
     * Maps {@code size} bytes aligned to {@code alignment} (a power of two, at least a page):
     * over-maps by the alignment and unmaps the unaligned head and tail.
     *
     * @throws OutOfMemoryError when the limit or the OS refuses; nothing stays mapped then
     */
    long mapAligned(long size, long alignment, Calls calls) {
        reserve(size);
        long extra = alignment > OsMemory.PAGE ? alignment : 0;
        long raw;
        try {
            raw = OsMemory.map(size + extra);
        } catch (OutOfMemoryError e) {
            mapped.addAndGet(-size);
            throw e;
        }
        mmapCalls.incrementAndGet();
        calls.mmaps.incrementAndGet();
        // mmap returns page-aligned memory: with no extra there is nothing to align.
        long base = extra == 0 ? raw : (raw + extra - 1) & -alignment;
        if (extra != 0) {
            if (base > raw) {
                unmapCounted(raw, base - raw, calls);
            }
            long tail = raw + size + extra - (base + size);
            if (tail > 0) {
                unmapCounted(base + size, tail, calls);
            }
        }
        return base;
    }

    /** Unmaps a range mapped by {@link #mapAligned} and gives its bytes back to the budget. */
    void unmap(long base, long size, Calls calls) {
        unmapCounted(base, size, calls);
        mapped.addAndGet(-size);
    }

    private void unmapCounted(long base, long size, Calls calls) {
        OsMemory.unmap(base, size);
        munmapCalls.incrementAndGet();
        calls.munmaps.incrementAndGet();
    }

    private void reserve(long size) {
        long now;
        do {
            now = mapped.get();
            if (limit != 0 && now + size > limit) {
                throw new OutOfMemoryError("hakmem: mapping " + size + " more bytes would exceed the mapping limit (hakmem.mapping.limit = "
                        + limit + " bytes, " + now + " mapped now)");
            }
        } while (!mapped.compareAndSet(now, now + size));
    }
}
