package org.hakmem.box.superslab;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.LargeBlockSource;
import org.hakmem.box.api.config.HakmemConfig;

/**
 * Large blocks (above the Mid range), each its own mapping, with a small bounded cache of freed
 * ones for reuse.
 *
 * <pre>
 *   granule-aligned:  | block (size rounded up to pages) | unmapped rest of the last granule |
 *   registry:          every granule the block touches → (ownerId, Block)
 * </pre>
 * Each block starts on a registry granule, so no two blocks (and no SuperSlab) share a granule
 * and a free is routed by one registry lookup. Invariant: a cached block is mapped but not
 * registered; a live block is registered.
 *
 * <p>Thread-safety: any thread; the cache sits behind one lock (large blocks are the rare path).
 */
public final class LargeBlocks implements LargeBlockSource {

    /** A live or cached block: its start, its usable (page-rounded) size. */
    private record Block(long base, long size) {}

    private final AddressRegistry registry;
    private final MappingBudget budget;
    private final int ownerId;
    private final int cacheMax;
    private final long granule;
    private final ArrayDeque<Block> cache = new ArrayDeque<>();
    /** Bases of live blocks: a free claims its block by removing it, so of two concurrent frees one wins. */
    private final Set<Long> liveBases = ConcurrentHashMap.newKeySet();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final MappingBudget.Calls calls = new MappingBudget.Calls();
    private final UnmappedRanges unmappedRecently = new UnmappedRanges();

    /**
     * @param registry where live blocks are registered
     * @param budget   mapping accounting and limit
     * @param ownerId  the owner id registered for large blocks
     * @param cacheMax freed blocks kept mapped for reuse
     */
    public LargeBlocks(AddressRegistry registry, MappingBudget budget, int ownerId, int cacheMax) {
        if (ownerId <= 0 || cacheMax < 0) {
            throw new IllegalArgumentException("ownerId must be > 0 and cacheMax >= 0");
        }
        this.registry = registry;
        this.budget = budget;
        this.ownerId = ownerId;
        this.cacheMax = cacheMax;
        this.granule = 1L << registry.granuleShift();
    }

    /** Large blocks configured by {@code config} (its cache size). */
    public static LargeBlocks of(HakmemConfig config, AddressRegistry registry, MappingBudget budget, int ownerId) {
        return new LargeBlocks(registry, budget, ownerId, config.largeCache());
    }

    @Override
    public String boxName() {
        return "large";
    }

    @Override
    public long allocate(long size, long alignment) {
        if (size <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("large block: size must be > 0 and alignment a power of two; got "
                    + size + ", " + alignment);
        }
        long usable = (size + OsMemory.PAGE - 1) & -OsMemory.PAGE;
        Block b = takeCached(usable, alignment);
        if (b == null) {
            b = new Block(budget.mapAligned(usable, Math.max(alignment, granule), calls), usable);
        }
        try {
            registry.register(b.base(), roundToGranule(b.size()), ownerId, b);
        } catch (RuntimeException e) {
            budget.unmap(b.base(), b.size(), calls);
            throw e;
        }
        liveBases.add(b.base());
        liveBytes.addAndGet(b.size());
        return b.base();
    }

    @Override
    public long free(long address) {
        Block b = liveBlock(address);
        if (b == null || !liveBases.remove(address)) {
            return -1;
        }
        registry.unregister(b.base(), roundToGranule(b.size()));
        liveBytes.addAndGet(-b.size());
        Block evicted = null;
        if (cacheMax == 0) {
            evicted = b;
        } else {
            synchronized (cache) {
                cache.addFirst(b);
                if (cache.size() > cacheMax) {
                    evicted = cache.pollLast();
                }
            }
        }
        if (evicted != null) {
            budget.unmap(evicted.base(), evicted.size(), calls);
            unmappedRecently.add(evicted.base(), evicted.size());
        }
        return b.size();
    }

    @Override
    public long usableSize(long address) {
        Block b = liveBlock(address);
        return b == null ? -1 : b.size();
    }

    /**
     * Measures, with {@code mincore}, the resident bytes of the live and cached large blocks
     * (see {@link SuperSlabSource#measureResidentBytes}). One system call per block.
     */
    public long measureResidentBytes() {
        long resident = 0;
        for (long base : liveBases) {
            Block b = liveBlock(base);
            resident += b == null ? 0 : OsMemory.residentBytes(b.base(), b.size());
        }
        synchronized (cache) {
            for (Block b : cache) {
                resident += OsMemory.residentBytes(b.base(), b.size());
            }
        }
        return resident;
    }

    @Override
    public long trim() {
        long given = 0;
        while (true) {
            Block b;
            synchronized (cache) {
                b = cache.pollLast();
            }
            if (b == null) {
                return given;
            }
            budget.unmap(b.base(), b.size(), calls);
            unmappedRecently.add(b.base(), b.size());
            given += b.size();
        }
    }

    /** True when {@code address} lies in one of the last large blocks unmapped (and is not ours again). */
    public boolean recentlyUnmapped(long address) {
        return registry.ownerOf(address) == AddressRegistry.NOT_OURS && unmappedRecently.contains(address);
    }

    private Block liveBlock(long address) {
        if (registry.ownerOf(address) != ownerId) {
            return null;
        }
        return registry.attachmentOf(address) instanceof Block b && b.base() == address ? b : null;
    }

    /** A cached block that fits without wasting more than half of it, or null. */
    private Block takeCached(long usable, long alignment) {
        synchronized (cache) {
            for (Iterator<Block> it = cache.iterator(); it.hasNext(); ) {
                Block b = it.next();
                if (b.size() >= usable && b.size() / 2 <= usable && (b.base() & (alignment - 1)) == 0) {
                    it.remove();
                    cacheHits.incrementAndGet();
                    return b;
                }
            }
        }
        return null;
    }

    private long roundToGranule(long size) {
        return (size + granule - 1) & -granule;
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        long cachedBytes = 0;
        int cached;
        synchronized (cache) {
            cached = cache.size();
            for (Block b : cache) {
                cachedBytes += b.size();
            }
        }
        c.put("largeLive", (long) liveBases.size());
        c.put("largeLiveBytes", liveBytes.get());
        c.put("largeCached", (long) cached);
        c.put("largeCachedBytes", cachedBytes);
        c.put("largeCacheHits", cacheHits.get());
        c.put("mmapCalls", calls.mmaps());
        c.put("munmapCalls", calls.munmaps());
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        synchronized (cache) {
            if (cache.size() > cacheMax) {
                throw new IllegalStateException("large: " + cache.size() + " cached blocks exceed the cache bound " + cacheMax);
            }
            for (Block b : cache) {
                if (registry.ownerOf(b.base()) != AddressRegistry.NOT_OURS) {
                    throw new IllegalStateException("large: cached block 0x" + Long.toHexString(b.base()) + " is still registered");
                }
            }
        }
    }
}
