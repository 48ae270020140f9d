package org.hakmem.box.api.reference;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.RegionSource;

/**
 * A {@link RegionSource} where each region is one allocation of its own shared {@link Arena},
 * closed on release. JDK only, no caching: for standalone use of a single box and for tests.
 * box-superslab's mmap-backed source is the real one (closing a shared arena costs a handshake
 * with every thread, and the JDK over-allocates to align).
 */
public final class ArenaRegionSource implements RegionSource {

    private final long regionSize;
    private final AddressRegistry registry;
    private final Map<Long, Arena> live = new ConcurrentHashMap<>();
    private final AtomicLong acquired = new AtomicLong();
    private final AtomicLong released = new AtomicLong();

    /**
     * @param regionSize size and alignment of each region, a power of two {@code >= 4096}
     * @param registry   where regions are registered; its granule must divide the region size
     */
    public ArenaRegionSource(long regionSize, AddressRegistry registry) {
        if (Long.bitCount(regionSize) != 1 || regionSize < 4096) {
            throw new IllegalArgumentException("regionSize must be a power of two >= 4096, got " + regionSize);
        }
        if (regionSize < 1L << registry.granuleShift()) {
            throw new IllegalArgumentException("regionSize " + regionSize + " is smaller than the registry's granule");
        }
        this.regionSize = regionSize;
        this.registry = registry;
    }

    /** A source of {@code regionSize} regions with its own {@link MapAddressRegistry}. */
    public ArenaRegionSource(long regionSize) {
        this(regionSize, new MapAddressRegistry(Long.numberOfTrailingZeros(regionSize)));
    }

    @Override
    public String boxName() {
        return "arena-regions";
    }

    @Override
    public long regionSize() {
        return regionSize;
    }

    @Override
    public AddressRegistry registry() {
        return registry;
    }

    @Override
    public long acquireRegion(int ownerId, Object attachment) {
        Arena arena = Arena.ofShared();
        MemorySegment s;
        try {
            s = arena.allocate(regionSize, regionSize);
        } catch (OutOfMemoryError e) {
            arena.close();
            throw e;
        }
        long base = s.address();
        try {
            registry.register(base, regionSize, ownerId, attachment);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        live.put(base, arena);
        acquired.incrementAndGet();
        return base;
    }

    @Override
    public void releaseRegion(long base) {
        Arena arena = live.remove(base);
        if (arena == null) {
            throw new IllegalArgumentException("region 0x" + Long.toHexString(base) + " was not handed out by this source");
        }
        registry.unregister(base, regionSize);
        arena.close();
        released.incrementAndGet();
    }

    @Override
    public long trim() {
        return 0;
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("regionsLive", (long) live.size());
        c.put("regionsAcquired", acquired.get());
        c.put("regionsReleased", released.get());
        c.put("mappedBytes", live.size() * regionSize);
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        if (acquired.get() - released.get() != live.size()) {
            throw new IllegalStateException("arena-regions: acquired - released != live ("
                    + acquired.get() + " - " + released.get() + " != " + live.size() + ")");
        }
    }
}
