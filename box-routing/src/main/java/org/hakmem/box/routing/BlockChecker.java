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
    private final Map<Long, Long> live = new ConcurrentHashMap<>();
    private final Map<Long, Long> freed = new ConcurrentHashMap<>();
    private final AtomicLong doubleFrees = new AtomicLong();
    private final AtomicLong writesAfterFree = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    /**
     * @param guard       where double frees are reported
     * @param compareFill false when a free list keeps links inside free blocks (intrusive)
     */
    BlockChecker(ExternalGuard guard, boolean compareFill) {
        this.guard = guard;
        this.compareFill = compareFill;
    }

    /** What to ask the boxes for: the requested size plus the canary. */
    static long padded(long size) {
        return size < 0 ? size : Math.max(size, 0) + 8;
    }

    private static long canary(long address) {
        return address * 0x9E3779B97F4A7C15L ^ 0x5AFE_CAFE_5AFE_CAFEL;
    }

    /**
     * A block was handed out for {@code size} bytes, {@code usable} in its class: checks its
     * fill if it was freed before in the same class, writes its canary and records it.
     *
     * @throws IllegalStateException naming the address when the freed block was written to
     */
    void handedOut(long address, long size, long usable) {
        Long filled = freed.remove(address);
        // Compare before the canary goes in: it lies inside the old fill.
        boolean intact = !compareFill || filled == null || filled != usable || filled <= LINK
                || NativeMemory.allEqual(address + LINK, filled - LINK, FILL)
                || NativeMemory.allEqual(address + LINK, filled - LINK, (byte) 0);
        NativeMemory.putLong(address + size, canary(address));
        live.put(address, size);
        if (!intact) {
            writesAfterFree.incrementAndGet();
            throw new IllegalStateException("hakmem checked: block 0x" + Long.toHexString(address)
                    + " was written after it was freed (its fill pattern changed); it is handed out again now");
        }
    }

    /**
     * A free is about to happen. Returns true when the caller should free the block (it was
     * live here, or is not tracked); false when it was refused as a double free.
     *
     * @param usable the block's usable size, for the fill
     * @throws IllegalStateException after recording the free, when the canary was overwritten
     */
    boolean freeing(long address, LongUnaryOperator usable) {
        Long size = live.remove(address);
        if (size == null) {
            if (freed.containsKey(address)) {
                doubleFrees.incrementAndGet();
                guard.reject("free", address, GuardReason.ALREADY_FREE, "checked");
                return false;
            }
            return true;
        }
        boolean canaryOk = NativeMemory.getLong(address + size) == canary(address);
        long n = usable.applyAsLong(address);
        NativeMemory.fill(address, n, FILL);
        freed.put(address, n);
        if (!canaryOk) {
            overflows.incrementAndGet();
            throw new IllegalStateException("hakmem checked: block 0x" + Long.toHexString(address) + " of " + size
                    + " bytes was written past its end (its canary was overwritten); the block is freed");
        }
        return true;
    }

    /** The requested size of a live tracked block, or -1. */
    long requestedSize(long address) {
        Long s = live.get(address);
        return s == null ? -1 : s;
    }

    @Override
    public String boxName() {
        return "checker";
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("liveTracked", (long) live.size());
        c.put("doubleFreesCaught", doubleFrees.get());
        c.put("writesAfterFree", writesAfterFree.get());
        c.put("overflows", overflows.get());
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        for (Long a : live.keySet()) {
            if (freed.containsKey(a)) {
                throw new IllegalStateException("checker: block 0x" + Long.toHexString(a) + " is both live and freed");
            }
        }
    }
}
