package org.hakmem.box.sharedpool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.SlabPool;

/**
 * The seed's baseline: one pool of regions per size class ({@code HAKMEM_TINY_SS_SHARED=0}). Each
 * class gets its own {@link SharedSlabPool}, created on first use, so a region serves one class
 * only. Kept for A/B runs against the shared pool.
 *
 * <p>Thread-safety: any thread.
 */
public final class PerClassSlabPool implements SlabPool {

    private static final int MAX_CLASSES = 128;

    private final RegionSource source;
    private final int ownerId;
    private final int slabSize;
    private final AtomicReferenceArray<SharedSlabPool> pools = new AtomicReferenceArray<>(MAX_CLASSES);
    private final SharedSlabPool lookup;

    /** Same parameters as {@link SharedSlabPool#SharedSlabPool(RegionSource, int, int)}. */
    public PerClassSlabPool(RegionSource source, int ownerId, int slabSize) {
        this.source = source;
        this.ownerId = ownerId;
        this.slabSize = slabSize;
        // Lookups and releases only read the region's table, which names its real pool; this
        // instance never holds regions of its own.
        this.lookup = new SharedSlabPool(source, ownerId, slabSize, this);
    }

    @Override
    public String boxName() {
        return "per-class-pool";
    }

    @Override
    public int slabSize() {
        return slabSize;
    }

    @Override
    public long acquireSlab(int sizeClass, Object attachment) {
        if (sizeClass < 0 || sizeClass >= MAX_CLASSES) {
            throw new IllegalArgumentException("size class must be 0.." + (MAX_CLASSES - 1) + ", got " + sizeClass);
        }
        SharedSlabPool p = pools.get(sizeClass);
        if (p == null) {
            SharedSlabPool fresh = new SharedSlabPool(source, ownerId, slabSize, this);
            p = pools.compareAndExchange(sizeClass, null, fresh);
            if (p == null) {
                p = fresh;
            }
        }
        return p.acquireSlab(sizeClass, attachment);
    }

    @Override
    public void releaseSlab(long slabBase) {
        lookup.releaseSlab(slabBase);
    }

    @Override
    public Object slabOf(long address) {
        return lookup.slabOf(address);
    }

    @Override
    public int sizeClassOf(long address) {
        return lookup.sizeClassOf(address);
    }

    @Override
    public long trim() {
        return 0;
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (int i = 0; i < MAX_CLASSES; i++) {
            SharedSlabPool p = pools.get(i);
            if (p != null) {
                p.stats().counters().forEach((k, v) -> sum.merge(k, v, Long::sum));
            }
        }
        return new BoxStats(boxName(), sum, List.of());
    }

    @Override
    public void checkInvariants() {
        for (int i = 0; i < MAX_CLASSES; i++) {
            SharedSlabPool p = pools.get(i);
            if (p != null) {
                p.checkInvariants();
            }
        }
    }
}
