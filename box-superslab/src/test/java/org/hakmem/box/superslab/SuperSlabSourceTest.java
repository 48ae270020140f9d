package org.hakmem.box.superslab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.HakmemConfig;
import org.junit.jupiter.api.Test;

/** SuperSlabs: alignment, registration, the cache, purging, trim, and the mapping limit. */
class SuperSlabSourceTest {

    private static final long SS = 2L << 20;

    private static SuperSlabSource source(long limit, int cache, long delay, AtomicLong clock) {
        return new SuperSlabSource("test", SS, new RadixRegistry(21), new MappingBudget(limit), cache, delay, clock::get);
    }

    @Test
    void regionsAreAlignedZeroedAndRegistered() {
        SuperSlabSource s = source(0, 2, 0, new AtomicLong());
        long a = s.acquireRegion(1, "t");
        assertEquals(0, a % SS);
        assertEquals(0, NativeMemory.getLong(a) | NativeMemory.getLong(a + SS - 8));
        NativeMemory.putLong(a + SS - 8, 42);
        assertEquals(1, s.registry().ownerOf(a + SS - 1));
        assertEquals(AddressRegistry.NOT_OURS, s.registry().ownerOf(a + SS));
        assertEquals(1, s.stats().counter("superSlabsLive"));
        s.releaseRegion(a);
        assertEquals(AddressRegistry.NOT_OURS, s.registry().ownerOf(a), "a released SuperSlab is no longer ours");
        assertThrows(IllegalArgumentException.class, () -> s.releaseRegion(a));
        s.checkInvariants();
    }

    @Test
    void aStandaloneSourceUsesTheAllocatorsDefaultRegionSize() {
        SuperSlabSource s = SuperSlabSource.standalone();
        long size = HakmemConfig.defaults().superSlabSize();
        assertEquals(size, s.regionSize());
        long a = s.acquireRegion(1, "t");
        assertEquals(0, a % size);
        assertEquals(1, s.registry().ownerOf(a + size - 1), "the registry's granule covers the whole region");
        s.releaseRegion(a);
        s.trim();
    }

    @Test
    void aPurgedRangeReadsZeroAndIsNoLongerResident() {
        SuperSlabSource s = source(0, 0, 0, new AtomicLong());
        long a = s.acquireRegion(1, null);
        for (long off = 0; off < SS; off += 4096) {
            NativeMemory.putLong(a + off, 5);
        }
        assertEquals(SS, s.measureResidentBytes(), "every touched page is resident");
        s.purge(a + 8192, 16384);
        assertEquals(SS - 16384, s.measureResidentBytes());
        assertEquals(0, NativeMemory.getLong(a + 8192), "a purged page reads zero");
        assertEquals(5, NativeMemory.getLong(a + 4096), "its neighbours keep their contents");
        assertEquals(5, NativeMemory.getLong(a + 8192 + 16384));
        assertThrows(IllegalArgumentException.class, () -> s.purge(a + 100, 4096), "not page-aligned");
        assertThrows(IllegalArgumentException.class, () -> s.purge(a + SS - 4096, 8192), "runs past the SuperSlab");
        assertThrows(IllegalArgumentException.class, () -> s.purge(a + SS, 4096), "not a live SuperSlab");
        assertEquals(1, s.stats().counter("rangePurges"));
        s.releaseRegion(a);
        assertEquals(0, s.measureResidentBytes());
        s.checkInvariants();
    }

    @Test
    void theCacheAvoidsMmapAndTrimUnmapsIt() {
        AtomicLong clock = new AtomicLong();
        SuperSlabSource s = source(0, 2, 1_000, clock);
        long a = s.acquireRegion(1, null);
        long b = s.acquireRegion(1, null);
        long c = s.acquireRegion(1, null);
        long mmaps = s.budget().mmapCalls();
        s.releaseRegion(a);
        s.releaseRegion(b);
        s.releaseRegion(c);
        assertEquals(2, s.cachedCount(), "the cache is bounded");
        long again = s.acquireRegion(1, null);
        assertEquals(c, again, "most recently released first");
        assertEquals(mmaps, s.budget().mmapCalls(), "served from the cache");
        s.releaseRegion(again);
        assertEquals(2 * SS, s.trim(), "trim gives back both cached SuperSlabs");
        assertEquals(0, s.cachedCount());
        assertEquals(0, s.budget().mappedBytes());
        s.checkInvariants();
    }

    @Test
    void expiredCacheEntriesArePurged() {
        AtomicLong clock = new AtomicLong();
        SuperSlabSource s = source(0, 4, 1_000, clock);
        long a = s.acquireRegion(1, null);
        long x = s.acquireRegion(1, null);
        NativeMemory.putLong(a, 99);
        s.releaseRegion(a);
        assertEquals(2 * SS, s.stats().counter("residentBytes"));
        clock.addAndGet(2_000);
        s.releaseRegion(x);
        assertEquals(1, s.stats().counter("madviseCalls"), "a, released 2000 ns ago, is purged");
        assertEquals(SS, s.stats().counter("residentBytes"));
        assertEquals(x, s.acquireRegion(1, null));
        assertEquals(a, s.acquireRegion(1, null));
        assertEquals(0, NativeMemory.getLong(a), "a purged SuperSlab reads zero again");
        s.releaseRegion(a);
        s.releaseRegion(x);
        s.trim();
        assertEquals(0, s.budget().mappedBytes());
    }

    @Test
    void theMappingLimitGivesAClearOutOfMemoryErrorAndChangesNothing() {
        SuperSlabSource s = source(2 * SS, 0, 0, new AtomicLong());
        long a = s.acquireRegion(1, null);
        long b = s.acquireRegion(1, null);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> s.acquireRegion(1, null));
        assertTrue(e.getMessage().contains("hakmem.mapping.limit") && e.getMessage().contains(String.valueOf(2 * SS)), e.getMessage());
        assertEquals(2, s.liveCount());
        assertEquals(2 * SS, s.budget().mappedBytes());
        s.checkInvariants();
        s.releaseRegion(a);
        long c = s.acquireRegion(1, null);
        s.releaseRegion(b);
        s.releaseRegion(c);
        assertEquals(0, s.budget().mappedBytes());
    }

    @Test
    void memoryWeDidNotMapIsNotOurs() throws Throwable {
        SuperSlabSource s = source(0, 0, 0, new AtomicLong());
        long ours = s.acquireRegion(1, null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(4096);
            assertEquals(AddressRegistry.NOT_OURS, s.registry().ownerOf(seg.address()));
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle malloc = linker.downcallHandle(linker.defaultLookup().findOrThrow("malloc"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        MethodHandle free = linker.downcallHandle(linker.defaultLookup().findOrThrow("free"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
        long p = (long) malloc.invokeExact(64L);
        assertEquals(AddressRegistry.NOT_OURS, s.registry().ownerOf(p));
        free.invokeExact(p);
        s.releaseRegion(ours);
        assertEquals(AddressRegistry.NOT_OURS, s.registry().ownerOf(ours), "unmapped SuperSlab");
    }
}
