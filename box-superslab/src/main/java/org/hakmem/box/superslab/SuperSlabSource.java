package org.hakmem.box.superslab;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.config.HakmemConfig;

/**
 * SuperSlabs from the OS: regions aligned to their size, registered in an
 * {@link AddressRegistry}, with a bounded cache of empty ones (the seed's LRU) so that the
 * mmap/munmap churn of a pool that empties and refills stays low.
 *
 * <pre>
 *   acquire: cache (most recently released first) ─or─ mmap(size + align), trim head and tail
 *   release: unregister ─► cache front ─► after purgeDelay: madvise(DONTNEED) (resident → 0)
 *                                      └► beyond cacheMax, or on trim(): munmap
 * </pre>
 * Invariant: {@code live + cached} regions are mapped; live regions are registered, cached ones
 * are not; {@code residentBytes <= mappedBytes}.
 *
 * <p>Purging is lazy: expired cache entries are purged when the source is next used or on
 * {@link #trim()}; no background thread. Thread-safety: any thread. The cache sits behind one
 * lock, taken once per region (4 MiB by default), never per block.
 */
public final class SuperSlabSource implements RegionSource {

    private record Cached(long base, long releasedAt, boolean purged) {}

    private final String name;
    private final long regionSize;
    private final AddressRegistry registry;
    private final MappingBudget budget;
    private final int cacheMax;
    private final long purgeDelayNanos;
    private final LongSupplier clock;
    private final ArrayDeque<Cached> cache = new ArrayDeque<>();
    private final Set<Long> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong purges = new AtomicLong();
    private final AtomicLong blockPurges = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong purgedBytes = new AtomicLong();
    private final AtomicLong unmapped = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final MappingBudget.Calls calls = new MappingBudget.Calls();
    private final UnmappedRanges unmappedRecently = new UnmappedRanges();

    /**
     * @param regionSize      SuperSlab size, a power of two matching the registry's granule or a multiple of it
     * @param registry        where live SuperSlabs are registered
     * @param budget          mapping accounting and limit, shareable between sources
     * @param cacheMax        empty SuperSlabs kept mapped
     * @param purgeDelayNanos how long a cached SuperSlab stays resident before it is purged
     * @param clock           nanosecond clock (tests pass their own)
     * @param name            the name in statistics, e.g. {@code "superslab-tiny"}
     */
    public SuperSlabSource(String name, long regionSize, AddressRegistry registry, MappingBudget budget, int cacheMax,
            long purgeDelayNanos, LongSupplier clock) {
        if (Long.bitCount(regionSize) != 1 || regionSize < 1L << registry.granuleShift()) {
            throw new IllegalArgumentException("regionSize must be a power of two >= the registry granule, got " + regionSize);
        }
        if (cacheMax < 0 || purgeDelayNanos < 0) {
            throw new IllegalArgumentException("cacheMax and purgeDelayNanos must be >= 0");
        }
        this.name = name;
        this.regionSize = regionSize;
        this.registry = registry;
        this.budget = budget;
        this.cacheMax = cacheMax;
        this.purgeDelayNanos = purgeDelayNanos;
        this.clock = clock;
    }

    /** A source named {@code name}, configured by {@code config} (SuperSlab size, cache, purge delay). */
    public static SuperSlabSource of(String name, HakmemConfig config, AddressRegistry registry, MappingBudget budget) {
        return new SuperSlabSource(name, config.superSlabSize(), registry, budget, config.superSlabCache(),
                config.purgeDelayMillis() * 1_000_000L, System::nanoTime);
    }

    /**
     * A standalone source: its own registry and unlimited budget, with the allocator's defaults
     * ({@link HakmemConfig#defaults()}: 4 MiB SuperSlabs, 8 cached, 1 s purge delay), so that a
     * box composed by hand gets the region size the whole allocator was measured with.
     */
    public static SuperSlabSource standalone() {
        HakmemConfig d = HakmemConfig.defaults();
        return of("superslab", d, new RadixRegistry(Long.numberOfTrailingZeros(d.superSlabSize())), new MappingBudget(0));
    }

    @Override
    public String boxName() {
        return name;
    }

    @Override
    public long regionSize() {
        return regionSize;
    }

    @Override
    public AddressRegistry registry() {
        return registry;
    }

    /** The mapping budget this source draws on. */
    public MappingBudget budget() {
        return budget;
    }

    @Override
    public long acquireRegion(int ownerId, Object attachment) {
        Cached c;
        synchronized (cache) {
            c = cache.pollFirst();
        }
        long base;
        if (c != null) {
            base = c.base();
            cacheHits.incrementAndGet();
            if (c.purged()) {
                purgedBytes.addAndGet(-regionSize);
            }
        } else {
            base = budget.mapAligned(regionSize, regionSize, calls);
            SuperSlabEvent.emit(name, "map", base, regionSize);
        }
        try {
            registry.register(base, regionSize, ownerId, attachment);
        } catch (RuntimeException e) {
            budget.unmap(base, regionSize, calls);
            throw e;
        }
        live.add(base);
        peakLive.accumulateAndGet(live.size(), Math::max);
        purgeExpired();
        return base;
    }

    @Override
    public void releaseRegion(long base) {
        if (!live.remove(base)) {
            throw new IllegalArgumentException("SuperSlab 0x" + Long.toHexString(base) + " is not live in this source");
        }
        registry.unregister(base, regionSize);
        Cached evicted = null;
        if (cacheMax == 0) {
            budget.unmap(base, regionSize, calls);
            unmapped.incrementAndGet();
            unmappedRecently.add(base, regionSize);
            SuperSlabEvent.emit(name, "unmap", base, regionSize);
        } else {
            synchronized (cache) {
                cache.addFirst(new Cached(base, clock.getAsLong(), false));
                if (cache.size() > cacheMax) {
                    evicted = cache.pollLast();
                }
            }
        }
        if (evicted != null) {
            unmapCached(evicted);
        }
        purgeExpired();
    }

    /**
     * Measures, with {@code mincore}, the bytes of this source's SuperSlabs (live and cached)
     * that are resident now: this source's true share of the process's RSS, where the
     * {@code residentBytes} statistic is an upper bound kept without system calls. One system
     * call per SuperSlab: for reports and tests, not for hot paths.
     */
    public long measureResidentBytes() {
        long resident = 0;
        for (long base : live) {
            resident += OsMemory.residentBytes(base, regionSize);
        }
        synchronized (cache) {
            // Under the cache lock: a cached SuperSlab cannot be unmapped while it is counted.
            for (Cached c : cache) {
                resident += OsMemory.residentBytes(c.base(), regionSize);
            }
        }
        return resident;
    }

    /** Drops the pages of a range inside a live SuperSlab ({@code madvise(MADV_DONTNEED)}; the rare path). */
    @Override
    public void purge(long address, long size) {
        RegionSource.super.purge(address, size);
        long base = address & -regionSize;
        if (!live.contains(base) || address + size > base + regionSize) {
            throw new IllegalArgumentException("purge range 0x" + Long.toHexString(address) + " + " + size
                    + " is not inside a live SuperSlab of " + name);
        }
        OsMemory.purge(address, size);
        blockPurges.incrementAndGet();
    }

    /** Unmaps every cached SuperSlab now. */
    @Override
    public long trim() {
        long given = 0;
        while (true) {
            Cached c;
            synchronized (cache) {
                c = cache.pollLast();
            }
            if (c == null) {
                return given;
            }
            given += c.purged() ? 0 : regionSize;
            unmapCached(c);
        }
    }

    private void unmapCached(Cached c) {
        if (c.purged()) {
            purgedBytes.addAndGet(-regionSize);
        }
        budget.unmap(c.base(), regionSize, calls);
        unmapped.incrementAndGet();
        unmappedRecently.add(c.base(), regionSize);
        SuperSlabEvent.emit(name, "unmap", c.base(), regionSize);
    }

    /** Purges cached SuperSlabs released longer than the delay ago (the rare path: one madvise per SuperSlab). */
    private void purgeExpired() {
        long now = clock.getAsLong();
        synchronized (cache) {
            for (Iterator<Cached> it = cache.descendingIterator(); it.hasNext(); ) {
                Cached c = it.next();
                if (c.purged() || now - c.releasedAt() < purgeDelayNanos) {
                    continue;
                }
                OsMemory.purge(c.base(), regionSize);
                purges.incrementAndGet();
                purgedBytes.addAndGet(regionSize);
                it.remove();
                cache.addLast(new Cached(c.base(), c.releasedAt(), true));
                break;
            }
        }
    }

    /**
     * True when {@code address} lies in one of the last SuperSlabs this source unmapped (and is not
     * ours again): the guard's AFTER_UNMAP. The rare path only; older ranges are forgotten.
     */
    public boolean recentlyUnmapped(long address) {
        return registry.ownerOf(address) == AddressRegistry.NOT_OURS && unmappedRecently.contains(address);
    }

    /** SuperSlabs handed out and not yet released. */
    public int liveCount() {
        return live.size();
    }

    /** Empty SuperSlabs kept mapped. */
    public int cachedCount() {
        synchronized (cache) {
            return cache.size();
        }
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        long cached = cachedCount();
        c.put("superSlabsLive", (long) live.size());
        c.put("superSlabsPeak", peakLive.get());
        c.put("superSlabsCached", cached);
        // Each mmap of this source maps exactly one SuperSlab.
        c.put("superSlabsMapped", calls.mmaps());
        c.put("superSlabsUnmapped", unmapped.get());
        c.put("cacheHits", cacheHits.get());
        c.put("mmapCalls", calls.mmaps());
        c.put("munmapCalls", calls.munmaps());
        c.put("madviseCalls", purges.get() + blockPurges.get());
        c.put("rangePurges", blockPurges.get());
        c.put("mappedBytes", (live.size() + cached) * regionSize);
        c.put("residentBytes", (live.size() + cached) * regionSize - purgedBytes.get());
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        synchronized (cache) {
            for (Cached c : cache) {
                if (live.contains(c.base())) {
                    throw new IllegalStateException(name + ": 0x" + Long.toHexString(c.base()) + " is both live and cached");
                }
                if (registry.ownerOf(c.base()) != AddressRegistry.NOT_OURS) {
                    throw new IllegalStateException(name + ": cached 0x" + Long.toHexString(c.base()) + " is still registered");
                }
            }
        }
        for (long base : live) {
            if (registry.ownerOf(base) == AddressRegistry.NOT_OURS) {
                throw new IllegalStateException(name + ": live 0x" + Long.toHexString(base) + " is not registered");
            }
        }
    }
}
