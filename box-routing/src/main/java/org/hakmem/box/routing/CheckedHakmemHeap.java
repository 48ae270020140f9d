package org.hakmem.box.routing;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.pooltls.PoolTlsHeap;
import org.hakmem.box.tiny.TinyHeap;

/**
 * The heap handle of the checked level: the same routing as {@link HakmemHeap}, decorated by the
 * allocator's {@link BlockChecker}. Chosen when the allocator is built, so the default level's
 * call sites never see this class and its hot path carries no check.
 */
final class CheckedHakmemHeap extends HakmemHeap {

    /** The default level's largest power of two that {@code malloc} aligns naturally. */
    static final long NATURAL_MAX = 2048;

    private final Hakmem hakmem;
    private final BlockChecker checker;

    CheckedHakmemHeap(Hakmem owner, AddressRegistry registry, TinyHeap tiny, BlockHeap smallMid, PoolTlsHeap mid, long tinyMax,
            long smallMidMax, BlockChecker checker) {
        super(owner, registry, tiny, smallMid, mid, tinyMax, smallMidMax);
        this.hakmem = owner;
        this.checker = checker;
    }

    @Override
    public long malloc(long size) {
        checkThread("malloc");
        // A power of two up to 2 KiB keeps its natural alignment, as at the default level: the
        // canary pushes it to the next one, taken from an aligned class.
        long p;
        if (size >= 16 && size <= NATURAL_MAX && Long.bitCount(size) == 1) {
            p = hakmem.alignedBlock(size << 1, size);
        } else if (hakmem.midKeepsPadded(size)) {
            p = mid.allocate(BlockChecker.padded(size));
        } else {
            p = super.malloc(BlockChecker.padded(size));
        }
        checker.handedOut(p, Math.max(size, 0), hakmem.usableSizeUnchecked(p));
        return p;
    }

    @Override
    public void free(long address) {
        if (address == 0) {
            return;
        }
        // The thread first: a refused call must change nothing, the checker's records included.
        checkThread("free");
        int verdict = checker.freeing(address, hakmem::usableSizeUnchecked);
        if (verdict != BlockChecker.REFUSED) {
            super.free(address);
        }
        if (verdict == BlockChecker.FREE_THEN_REPORT_OVERFLOW) {
            throw BlockChecker.overflow(address);
        }
    }
}
