package org.hakmem.box.routing;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.pooltls.PoolTlsHeap;
import org.hakmem.box.tiny.TinyHeap;

/**
 * The heap handle when Mid serves plain {@code malloc} sizes (Tiny not wide, {@code
 * HAKMEM_TINY_WIDE=0}) and the fast frees are on: after a free that Mid took, and until one that
 * Tiny takes, a free tries Mid's fast free (an armed granule, no lookup) before Tiny's slab map.
 *
 * <p>Why: a run of Mid frees otherwise pays Tiny's fast check and map lookup on each before
 * reaching Mid. Interleaved 1-fork SlotBench runs, measured before Tiny was wide by default (M
 * ops/s, this order against Tiny always first): fixed-1024 432-520 vs 403-421, fixed-4096
 * 489-502 vs 396-401, fixed-16384 497-498 vs 402-404; fixed-16, fixed-64, fixed-256,
 * random-mixed and larson-2t unchanged or better; mixed-wide 72-73 vs 74-75. Testing Mid's
 * fast free before Tiny's on every free instead cost larson-2t 12%, and trying it after the flag
 * with a store on every Tiny free cost random-mixed 6%: here a Tiny-only loop reads the flag and
 * stores nothing.
 *
 * <p>Why a class of its own: with a wide Tiny (the default) Mid serves only aligned requests,
 * and the flag's test on every free was dead weight there: three instructions of the 169 in
 * random-mixed's compiled loop. Chosen when the allocator is built, as the checked level's
 * handle is, so the default level's call sites never see this class.
 */
final class MidFirstHakmemHeap extends HakmemHeap {

    /** True after a free that Mid took and until one Tiny takes. Owner-confined. */
    private boolean midFirst;

    MidFirstHakmemHeap(Hakmem owner, AddressRegistry registry, TinyHeap tiny, BlockHeap smallMid, PoolTlsHeap mid, long tinyMax,
            long smallMidMax) {
        super(owner, registry, tiny, smallMid, mid, tinyMax, smallMidMax);
    }

    @Override
    public void free(long address) {
        if (!midFirst) {
            super.free(address);
            return;
        }
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

    @Override
    void midFreed() {
        midFirst = true;
    }

    /** Whether the next free tries Mid first (tests). */
    boolean triesMidFirst() {
        return midFirst;
    }
}
