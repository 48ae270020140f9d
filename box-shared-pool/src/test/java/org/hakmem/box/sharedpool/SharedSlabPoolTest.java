package org.hakmem.box.sharedpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.SlabPool;
import org.hakmem.box.api.reference.ArenaRegionSource;
import org.junit.jupiter.api.Test;

/** The shared pool over box-api's reference region source (this box needs nothing else). */
class SharedSlabPoolTest {

    private static final int SLAB = 64 << 10;
    private static final long REGION = 1L << 20;

    @Test
    void slabsOfDifferentClassesShareARegion() {
        ArenaRegionSource src = new ArenaRegionSource(REGION);
        SharedSlabPool pool = new SharedSlabPool(src, 1, SLAB);
        long a = pool.acquireSlab(0, "a");
        long b = pool.acquireSlab(5, "b");
        assertEquals(a & -REGION, b & -REGION, "one region serves both classes");
        assertEquals(0, a % SLAB);
        assertEquals(0, pool.sizeClassOf(a + SLAB - 1));
        assertEquals(5, pool.sizeClassOf(b));
        assertEquals("b", pool.slabOf(b + 17));
        assertEquals(1, pool.regionCount());
        pool.checkInvariants();
        pool.releaseSlab(a);
        assertNull(pool.slabOf(a));
        assertEquals(-1, pool.sizeClassOf(a));
        assertThrows(IllegalArgumentException.class, () -> pool.releaseSlab(a), "double release");
        assertThrows(IllegalArgumentException.class, () -> pool.releaseSlab(b + 8), "not a slab base");
        pool.checkInvariants();
        pool.releaseSlab(b);
        assertEquals(0, pool.regionCount(), "an empty region goes back");
        assertEquals(0, src.stats().counter("regionsLive"));
    }

    @Test
    void perClassPoolsNeverMixClasses() {
        ArenaRegionSource src = new ArenaRegionSource(REGION);
        PerClassSlabPool pool = new PerClassSlabPool(src, 1, SLAB);
        long a = pool.acquireSlab(0, "a");
        long b = pool.acquireSlab(1, "b");
        assertEquals(2, src.stats().counter("regionsLive"), "one region per class");
        assertEquals("a", pool.slabOf(a));
        assertEquals(1, pool.sizeClassOf(b));
        pool.checkInvariants();
        pool.releaseSlab(a);
        pool.releaseSlab(b);
        assertEquals(0, src.stats().counter("regionsLive"));
    }

    /** A region source that refuses after {@code max} live regions, as a mapping limit would. */
    private static final class Limited implements RegionSource {
        private final ArenaRegionSource inner = new ArenaRegionSource(REGION);
        private final int max;
        private int live;

        Limited(int max) {
            this.max = max;
        }

        @Override
        public String boxName() {
            return "limited";
        }

        @Override
        public BoxStats stats() {
            return inner.stats();
        }

        @Override
        public void checkInvariants() {
            inner.checkInvariants();
        }

        @Override
        public long regionSize() {
            return REGION;
        }

        @Override
        public AddressRegistry registry() {
            return inner.registry();
        }

        @Override
        public synchronized long acquireRegion(int ownerId, Object attachment) {
            if (live == max) {
                throw new OutOfMemoryError("test limit of " + max + " regions");
            }
            live++;
            return inner.acquireRegion(ownerId, attachment);
        }

        @Override
        public synchronized void releaseRegion(long base) {
            live--;
            inner.releaseRegion(base);
        }

        @Override
        public long trim() {
            return 0;
        }
    }

    @Test
    void outOfMemoryLeavesThePoolConsistent() {
        SharedSlabPool pool = new SharedSlabPool(new Limited(1), 1, SLAB);
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < REGION / SLAB; i++) {
            held.add(pool.acquireSlab(i % 3, "s" + i));
        }
        assertThrows(OutOfMemoryError.class, () -> pool.acquireSlab(0, "one too many"));
        pool.checkInvariants();
        assertEquals(1, pool.regionCount());
        pool.releaseSlab(held.remove(0));
        long again = pool.acquireSlab(2, "again");
        assertEquals(2, pool.sizeClassOf(again), "the freed slot serves again after the failure");
        pool.releaseSlab(again);
        for (long s : held) {
            pool.releaseSlab(s);
        }
        pool.checkInvariants();
        assertEquals(0, pool.regionCount());
    }

    @Test
    void twoPoolsOnOneRegistryNeverAnswerForEachOther() {
        ArenaRegionSource src = new ArenaRegionSource(REGION);
        SharedSlabPool p1 = new SharedSlabPool(src, 1, SLAB);
        SharedSlabPool p2 = new SharedSlabPool(src, 2, SLAB);
        long a = p1.acquireSlab(0, "a");
        assertNull(p2.slabOf(a));
        assertThrows(IllegalArgumentException.class, () -> p2.releaseSlab(a));
        p1.releaseSlab(a);
    }

    @Test
    void concurrentAcquireAndReleaseKeepTheInvariants() throws Exception {
        for (SlabPool pool : List.<SlabPool>of(new SharedSlabPool(new ArenaRegionSource(REGION), 1, SLAB),
                new PerClassSlabPool(new ArenaRegionSource(REGION), 1, SLAB))) {
            int threads = 4;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Long>>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = t;
                    fs.add(ex.submit(() -> {
                        SplittableRandom rnd = new SplittableRandom(seed);
                        List<Long> held = new ArrayList<>();
                        start.await();
                        for (int i = 0; i < 20_000; i++) {
                            if (held.size() < 40 && (held.isEmpty() || rnd.nextBoolean())) {
                                int c = rnd.nextInt(8);
                                Long tag = seed * 1_000_000 + i;
                                long s = pool.acquireSlab(c, tag);
                                if (pool.sizeClassOf(s) != c || !tag.equals(pool.slabOf(s))) {
                                    throw new AssertionError("slab 0x" + Long.toHexString(s) + " handed out twice");
                                }
                                held.add(s);
                            } else {
                                pool.releaseSlab(held.remove(rnd.nextInt(held.size())));
                            }
                        }
                        return held;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : fs) {
                    all.addAll(f.get());
                }
                assertEquals(all.size(), all.stream().distinct().count(), "no slab held twice");
                pool.checkInvariants();
                for (long s : all) {
                    pool.releaseSlab(s);
                }
                pool.checkInvariants();
                assertEquals(0, pool.stats().counter("slabsActive"));
            } finally {
                ex.shutdown();
            }
        }
    }
}
