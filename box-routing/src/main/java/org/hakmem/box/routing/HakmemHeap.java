package org.hakmem.box.routing;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.pooltls.PoolTlsHeap;
import org.hakmem.box.tiny.TinyHeap;

/**
 * The calling thread's handle on an allocator, for hot loops: it holds this thread's heap of
 * every front box, so {@link #malloc} and {@link #free} skip the per-call {@code ThreadLocal}
 * lookups of {@link Hakmem#malloc} and {@link Hakmem#free}. Same routing, same outcomes.
 *
 * <p>Thread-safety: confined to the thread that called {@link Hakmem#heap()}; a call from
 * another thread is an {@link IllegalStateException} and changes nothing. Blocks may still be
 * freed from any thread, through that thread's own handle or the allocator.
 */
public sealed class HakmemHeap permits CheckedHakmemHeap {

    /** The allocator this handle belongs to (the heap cache checks it). */
    final Hakmem owner;
    /** The thread this handle belongs to (Tiny's heap knows it too; here it is one load away for the allocator's heap cache). */
    final Thread thread;
    private final AddressRegistry registry;
    /** Concrete: the free path calls {@link TinyHeap#tryFree}, with one lookup. */
    private final TinyHeap tiny;
    private final BlockHeap smallMid;
    /** Concrete: after a Mid free, the free path calls {@link PoolTlsHeap#tryFastFree} first. */
    final PoolTlsHeap mid;
    private final long tinyMax;
    private final long smallMidMax;
    /**
     * True after a free that Mid took and until one Tiny takes: the next free then tries Mid's
     * fast free (an armed granule, no lookup) before Tiny's slab map. Why: a run of Mid frees
     * otherwise pays Tiny's fast check and map lookup on each before reaching Mid. Interleaved
     * 1-fork SlotBench runs (M ops/s, this order against Tiny always first): fixed-1024 432-520
     * vs 403-421, fixed-4096 489-502 vs 396-401, fixed-16384 497-498 vs 402-404; fixed-16,
     * fixed-64, fixed-256, random-mixed and larson-2t unchanged or better; mixed-wide 72-73 vs
     * 74-75. Testing Mid's fast free before Tiny's on every free instead cost larson-2t 12% and
     * trying it after this flag with a store on every Tiny free cost random-mixed 6%: here a
     * Tiny-only loop reads the flag and stores nothing. Owner-confined.
     */
    private boolean midFirst;
    /** Whether Mid's fast free is compiled in ({@code hakmem.fastFree}): without it {@link #midFirst} stays off. */
    private final boolean midFirstAllowed;

    HakmemHeap(Hakmem owner, AddressRegistry registry, TinyHeap tiny, BlockHeap smallMid, PoolTlsHeap mid, long tinyMax,
            long smallMidMax) {
        this.owner = owner;
        this.thread = tiny.owner();
        this.registry = registry;
        this.tiny = tiny;
        this.smallMid = smallMid;
        this.mid = mid;
        this.tinyMax = tinyMax;
        this.smallMidMax = smallMidMax;
        this.midFirstAllowed = owner.config().fastFree();
    }

    /** The thread this handle belongs to. */
    public Thread thread() {
        return thread;
    }

    /** As {@link Hakmem#malloc}, on this thread's heaps. */
    public long malloc(long size) {
        // One unsigned compare sends 0, negatives and everything above Tiny to the routed path.
        if (Long.compareUnsigned(size - 1, tinyMax) < 0) {
            return tiny.allocate(size);
        }
        return mallocRouted(size);
    }

    private long mallocRouted(long size) {
        if (size > tinyMax && size <= smallMidMax) {
            return smallMid.allocate(size);
        }
        if (size > smallMidMax && size <= Hakmem.MID_MAX) {
            return mid.allocate(size);
        }
        if (size == 0) {
            return tiny.allocate(1);
        }
        checkThread("malloc");
        return owner.mallocShared(size, 1);
    }

    /** As {@link Hakmem#free}, on this thread's heaps. */
    public void free(long address) {
        // Tiny first (its own slab map answers in one lookup, and most frees are Tiny's), unless
        // the last free was Mid's.
        if (midFirst) {
            freeMidFirst(address);
            return;
        }
        int t = tiny.tryFree(address);
        if (t <= 0) {
            freeRouted(address, t);
        }
    }

    /** After a Mid free: Mid's fast free, then the usual order; a Tiny free turns {@link #midFirst} off. */
    private void freeMidFirst(long address) {
        if (mid.tryFastFree(address)) {
            return;
        }
        int t = tiny.tryFree(address);
        if (t > 0) {
            midFirst = false;
        } else {
            freeRouted(address, t);
        }
    }

    /**
     * Not a Tiny block (the less common path): the other fronts next, Small-Mid (when on) and Mid
     * (which turns {@link #midFirst} on, with the fast free), whose own lookups answer most of
     * the rest with one registry read each, then the registry's owner id for everything else.
     */
    private void freeRouted(long address, int tinyAnswer) {
        if (tinyAnswer == 0 && smallMid != null && smallMid.free(address)) {
            return;
        }
        if (tinyAnswer == 0 && mid.free(address)) {
            midFirst = midFirstAllowed;
            return;
        }
        int box = tinyAnswer < 0 ? Owners.TINY : registry.ownerOf(address);
        boolean freed = switch (box) {
            // The fronts have answered already: theirs, but not a block start.
            case Owners.TINY, Owners.SMALLMID, Owners.MID -> false;
            default -> {
                checkThread("free");
                owner.freeShared(address, box);
                yield true;
            }
        };
        if (!freed) {
            owner.refuse("free", address, box);
        }
    }

    /** Throws {@link IllegalStateException} naming both threads unless called on this handle's thread. */
    final void checkThread(String op) {
        if (Thread.currentThread() != tiny.owner()) {
            throw new IllegalStateException("hakmem: " + op + " on the heap handle of thread '" + tiny.owner().getName()
                    + "' called from thread '" + Thread.currentThread().getName() + "'; a heap handle belongs to one thread");
        }
    }
}
