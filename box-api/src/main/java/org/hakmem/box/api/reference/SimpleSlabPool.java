package org.hakmem.box.api.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.SlabPool;

/**
 * A {@link SlabPool} where every slab is one whole region of its source: no sharing, no
 * claiming, just the contract. For standalone use of a front box with box-api alone, and for
 * its tests; box-shared-pool is the real pool.
 */
public final class SimpleSlabPool implements SlabPool {

    /** What a slab's region is registered with: its class and the caller's attachment. */
    private record Slab(long base, int sizeClass, Object attachment) {}

    private final RegionSource source;
    private final int ownerId;
    private final AtomicLong active = new AtomicLong();

    /**
     * @param source  where slabs come from; each region is one slab
     * @param ownerId the owner id to register slabs with
     */
    public SimpleSlabPool(RegionSource source, int ownerId) {
        if (source.regionSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("regions of " + source.regionSize() + " bytes are too large for slabs");
        }
        this.source = source;
        this.ownerId = ownerId;
    }

    @Override
    public String boxName() {
        return "simple-pool";
    }

    @Override
    public int slabSize() {
        return (int) source.regionSize();
    }

    @Override
    public long acquireSlab(int sizeClass, Object attachment) {
        if (sizeClass < 0) {
            throw new IllegalArgumentException("size class must be >= 0, got " + sizeClass);
        }
        Holder h = new Holder();
        long base = source.acquireRegion(ownerId, h);
        h.slab = new Slab(base, sizeClass, attachment);
        active.incrementAndGet();
        return base;
    }

    /** The registry attachment, filled right after the region is acquired (before the slab is handed out). */
    private static final class Holder {
        volatile Slab slab;
    }

    @Override
    public void releaseSlab(long slabBase) {
        Slab s = slab(slabBase);
        if (s == null || s.base() != slabBase) {
            throw new IllegalArgumentException("0x" + Long.toHexString(slabBase) + " is not an active slab of this pool");
        }
        source.releaseRegion(slabBase);
        active.decrementAndGet();
    }

    @Override
    public Object slabOf(long address) {
        Slab s = slab(address);
        return s == null ? null : s.attachment();
    }

    @Override
    public int sizeClassOf(long address) {
        Slab s = slab(address);
        return s == null ? -1 : s.sizeClass();
    }

    private Slab slab(long address) {
        return source.registry().ownerOf(address) == ownerId && source.registry().attachmentOf(address) instanceof Holder h
                ? h.slab : null;
    }

    @Override
    public long trim() {
        return source.trim();
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("slabsActive", active.get());
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        source.checkInvariants();
    }
}
