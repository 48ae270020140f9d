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
public sealed class HakmemHeap permits CheckedHakmemHeap, MidFirstHakmemHeap {

    /** The allocator this handle belongs to (the heap cache checks it). */
    final Hakmem owner;
    /** The thread this handle belongs to (Tiny's heap knows it too; here it is one load away for the allocator's heap cache). */
    final Thread thread;
    private final AddressRegistry registry;
    /** Concrete: the free path calls {@link TinyHeap#tryFree}, with one lookup. */
    final TinyHeap tiny;
    private final BlockHeap smallMid;
    /** Concrete: {@link MidFirstHakmemHeap}'s free path calls {@link PoolTlsHeap#tryFastFree}. */
    final PoolTlsHeap mid;
    private final long tinyMax;
    private final long smallMidMax;

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
    }

    /** The thread this handle belongs to. */
    public Thread thread() {
        return thread;
    }

    /** As {@link Hakmem#malloc}, on this thread's heaps. */
    public long malloc(long size) {
        // Tiny tests the size itself and answers 0 for 0, negatives and everything above it.
        long b = tiny.tryAllocate(size);
        return b != 0 ? b : mallocRouted(size);
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
        // Tiny first: its own slab map answers in one lookup, and most frees are Tiny's.
        int t = tiny.tryFree(address);
        if (t <= 0) {
            freeRouted(address, t);
        }
    }

    /**
     * Not a Tiny block (the less common path): the other fronts next, Small-Mid (when on) and Mid,
     * whose own lookups answer most of the rest with one registry read each, then the registry's
     * owner id for everything else.
     */
    final void freeRouted(long address, int tinyAnswer) {
        if (tinyAnswer == 0 && smallMid != null && smallMid.free(address)) {
            return;
        }
        if (tinyAnswer == 0 && mid.free(address)) {
            midFreed();
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

    /** Mid took a free (a hook for {@link MidFirstHakmemHeap}; nothing here). */
    void midFreed() {
        // This handle's frees always try Tiny first.
    }

    /** Throws {@link IllegalStateException} naming both threads unless called on this handle's thread. */
    final void checkThread(String op) {
        if (Thread.currentThread() != tiny.owner()) {
            throw new IllegalStateException("hakmem: " + op + " on the heap handle of thread '" + tiny.owner().getName()
                    + "' called from thread '" + Thread.currentThread().getName() + "'; a heap handle belongs to one thread");
        }
    }
}
