package org.hakmem.box.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.hakmem.box.api.Box;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.ExternalGuard;
import org.hakmem.box.api.GuardReason;
import org.hakmem.box.api.NativeMemory;

/**
 * The checked level's bookkeeping (HAKMEM_CHECK_LEVEL=checked), one per allocator, used by
 * {@link CheckedHakmemHeap}: every block it hands out is recorded with its requested size and
 * followed by an 8-byte canary; every block it frees is filled with a pattern.
 *
 * <pre>
 *   | user bytes (requested size) | canary (8) | rest of the class |     while live
 *   | 8 bytes the free list may use | FILL FILL FILL ... FILL          |     while free
 * </pre>
 * Found at the call: a double free (the block is free, not live: the guard's ALREADY_FREE); at
 * free: a broken canary (a write past the end); at reuse: a changed fill pattern beyond the first
 * 8 bytes (a write after free). The fill is compared only when the block comes back in the same
 * size class (a slab reused by another class holds other blocks' bytes) and with on-heap free
 * lists: an intrusive list keeps links inside free blocks, and its checked variant validates
 * those links instead. A purged SuperSlab reads zero, which also passes. Every allocation call
 * is tracked. Slow on purpose: two concurrent maps and a fill per block.
 *
 * <p>Thread-safety: any thread; a block changes state through one atomic map removal.
 */
final class BlockChecker implements Box {

    /** The fill pattern of freed blocks. */
    static final byte FILL = (byte) 0xDB;
    /** Bytes at the start of a free block that a free list may use for its link. */
    private static final int LINK = 8;

    private final ExternalGuard guard;
    private final boolean compareFill;
    /**
     * One entry per address, changed atomically: {@code size >= 0} while live, {@code ~filled}
     * (negative) once freed, {@link #FREEING} between the two, so of two concurrent frees of one
     * block exactly one goes through.
     */
    private final ConcurrentHashMap<Long, Long> state = new ConcurrentHashMap<>();
    private final AtomicLong doubleFrees = new AtomicLong();
    private final AtomicLong writesAfterFree = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    /** The state of a block whose free is in progress. */
    private static final long FREEING = Long.MIN_VALUE;

    /** {@link #freeing}: free the block. */
    static final int FREE = 0;
    /** {@link #freeing}: refused (a double free, reported to the guard); do not free. */
    static final int REFUSED = 1;
    /** {@link #freeing}: free the block, then report that its canary was overwritten. */
    static final int FREE_THEN_REPORT_OVERFLOW = 2;

    /**
     * @param guard       where double frees are reported
     * @param compareFill false when a free list keeps links inside free blocks (intrusive)
     */
    BlockChecker(ExternalGuard guard, boolean compareFill) {
        this.guard = guard;
        this.compareFill = compareFill;
    }

    /** What to ask the boxes for: the requested size plus the canary (saturating; bad sizes stay bad). */
    static long padded(long size) {
        return size < 0 || size > Long.MAX_VALUE - 8 ? size : size + 8;
    }

    private static long canary(long address) {
        return address * 0x9E3779B97F4A7C15L ^ 0x5AFE_CAFE_5AFE_CAFEL;
    }

    /**
     * A block was handed out for {@code size} bytes, {@code usable} in its class: checks its
     * fill if it was freed before in the same class, writes its canary and records it.
     *
     * @throws IllegalStateException naming the address when the freed block was written to; the
     *         block then stays allocated and recorded (the evidence is kept), and is not returned
     */
    void handedOut(long address, long size, long usable) {
        Long prev = state.get(address);
        long filled = prev != null && prev < 0 && prev != FREEING ? ~prev : -1;
        // Compare before the canary goes in: it lies inside the old fill.
        boolean intact = !compareFill || filled != usable || filled <= LINK
                || NativeMemory.allEqual(address + LINK, filled - LINK, FILL)
                || NativeMemory.allEqual(address + LINK, filled - LINK, (byte) 0);
        NativeMemory.putLong(address + size, canary(address));
        state.put(address, size);
        if (!intact) {
            writesAfterFree.incrementAndGet();
            throw new IllegalStateException("hakmem checked: block 0x" + Long.toHexString(address)
                    + " was written after it was freed (its fill pattern changed); it was not handed out");
        }
    }

    /**
     * A free is about to happen (on the freeing thread, already checked to be the heap's owner).
     * Returns {@link #FREE}, {@link #REFUSED} or {@link #FREE_THEN_REPORT_OVERFLOW}; untracked
     * blocks are {@link #FREE}.
     *
     * @param usable the block's usable size, for the fill
     */
    int freeing(long address, LongUnaryOperator usable) {
        while (true) {
            Long v = state.get(address);
            if (v == null) {
                return FREE;
            }
            if (v < 0) {
                doubleFrees.incrementAndGet();
                guard.reject("free", address, GuardReason.ALREADY_FREE, "checked");
                return REFUSED;
            }
            if (state.replace(address, v, FREEING)) {
                boolean canaryOk = NativeMemory.getLong(address + v) == canary(address);
                long n = usable.applyAsLong(address);
                NativeMemory.fill(address, n, FILL);
                state.put(address, ~n);
                if (canaryOk) {
                    return FREE;
                }
                overflows.incrementAndGet();
                return FREE_THEN_REPORT_OVERFLOW;
            }
        }
    }

    /** The report for {@link #FREE_THEN_REPORT_OVERFLOW}. */
    static IllegalStateException overflow(long address) {
        return new IllegalStateException("hakmem checked: block 0x" + Long.toHexString(address)
                + " was written past its end (its canary was overwritten); the block was freed");
    }

    /** The requested size of a live tracked block, or -1. */
    long requestedSize(long address) {
        Long s = state.get(address);
        return s == null || s < 0 ? -1 : s;
    }

    @Override
    public String boxName() {
        return "checker";
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("liveTracked", state.values().stream().filter(v -> v >= 0).count());
        c.put("doubleFreesCaught", doubleFrees.get());
        c.put("writesAfterFree", writesAfterFree.get());
        c.put("overflows", overflows.get());
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        for (Map.Entry<Long, Long> e : state.entrySet()) {
            if (e.getValue() == FREEING) {
                throw new IllegalStateException("checker: block 0x" + Long.toHexString(e.getKey()) + " is stuck half-freed");
            }
        }
    }
}
