package org.hakmem.box.routing;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.tiny.TinyHeap;

/**
 * The heap handle of the checked level: the same routing as {@link HakmemHeap}, decorated by the
 * allocator's {@link BlockChecker}. Chosen when the allocator is built, so the default level's
 * call sites never see this class and its hot path carries no check.
 */
final class CheckedHakmemHeap extends HakmemHeap {

    private final Hakmem hakmem;
    private final BlockChecker checker;

    CheckedHakmemHeap(Hakmem owner, AddressRegistry registry, TinyHeap tiny, BlockHeap smallMid, BlockHeap mid, long tinyMax,
            long smallMidMax, BlockChecker checker) {
        super(owner, registry, tiny, smallMid, mid, tinyMax, smallMidMax);
        this.hakmem = owner;
        this.checker = checker;
    }

    @Override
    public long malloc(long size) {
        long p = super.malloc(BlockChecker.padded(size));
        checker.handedOut(p, Math.max(size, 0), hakmem.usableSizeUnchecked(p));
        return p;
    }

    @Override
    public void free(long address) {
        if (address != 0 && checker.freeing(address, hakmem::usableSizeUnchecked)) {
            super.free(address);
        }
    }
}
