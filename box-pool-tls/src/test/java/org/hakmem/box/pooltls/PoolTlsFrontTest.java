package org.hakmem.box.pooltls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.reference.ArenaRegionSource;
import org.hakmem.box.api.reference.MapAddressRegistry;
import org.junit.jupiter.api.Test;

/** PoolTLS (Mid) on box-api's reference region source (this box needs nothing else). */
class PoolTlsFrontTest {

    private static PoolTlsFront front(ArenaRegionSource src) {
        return new PoolTlsFront(PoolTlsFront.MID_CLASSES, src, 3, 8, 1 << 20);
    }

    /** box-api's map registry with leaves beside it, as box-superslab's radix registry has: the fast free needs leaves. */
    private static final class LeafRegistry implements AddressRegistry {
        private static final int LEAF_BITS = 10;
        private static final int MASK = (1 << LEAF_BITS) - 1;
        private final MapAddressRegistry map;
        private final Map<Long, Object[]> leaves = new ConcurrentHashMap<>();

        LeafRegistry(int granuleShift) {
            this.map = new MapAddressRegistry(granuleShift);
        }

        @Override
        public int granuleShift() {
            return map.granuleShift();
        }

        @Override
        public void register(long base, long size, int ownerId, Object attachment) {
            map.register(base, size, ownerId, attachment);
            for (long g = base >>> granuleShift(); g < (base + size) >>> granuleShift(); g++) {
                leaves.computeIfAbsent(g >>> LEAF_BITS, k -> new Object[1 << LEAF_BITS])[(int) g & MASK] = attachment;
            }
        }

        @Override
        public void unregister(long base, long size) {
            for (long g = base >>> granuleShift(); g < (base + size) >>> granuleShift(); g++) {
                leaves.get(g >>> LEAF_BITS)[(int) g & MASK] = null;
            }
            map.unregister(base, size);
        }

        @Override
        public int ownerOf(long address) {
            return map.ownerOf(address);
        }

        @Override
        public Object attachmentOf(long address) {
            return map.attachmentOf(address);
        }

        @Override
        public Object[] attachmentLeaf(long address) {
            return address >>> 48 != 0 ? null : leaves.get(address >>> granuleShift() >>> LEAF_BITS);
        }

        @Override
        public long registeredGranules() {
            return map.registeredGranules();
        }
    }

    /** A front over 1 MiB regions and a leaf registry, ten 5000-byte blocks in one region and a 20000-byte one in another. */
    private static final class Blocks {
        final ArenaRegionSource src;
        final PoolTlsFront front;
        final PoolTlsHeap heap;
        final long[] a;
        final long other;

        Blocks(ArenaRegionSource src, PoolTlsFront front, PoolTlsHeap heap, long[] a, long other) {
            this.src = src;
            this.front = front;
            this.heap = heap;
            this.a = a;
            this.other = other;
        }
    }

    private static Blocks tenBlocksAndOneElsewhere(boolean fastFree) {
        ArenaRegionSource src = new ArenaRegionSource(1L << 20, new LeafRegistry(20));
        PoolTlsFront f = new PoolTlsFront(PoolTlsFront.MID_CLASSES, src, 3, 8, 1 << 20, fastFree);
        PoolTlsHeap h = f.heap();
        long[] a = new long[10];
        for (int i = 0; i < a.length; i++) {
            a[i] = h.allocate(5000);
        }
        return new Blocks(src, f, h, a, h.allocate(20000));
    }

    @Test
    void theFastFreeAnswersAsTheRegistryDoes() {
        List<Boolean> fast = fastFreeScript(true);
        assertEquals(fastFreeScript(false), fast);
        assertEquals(List.of(true, true, true, true, true, false, false, false, true, true, true, true, true, true, false), fast);
    }

    /**
     * Five frees to one region (they arm the fast free when it is on), misuse in and around that
     * region, a free to another region (it disarms), five more to the first one (they arm
     * again), then a stale free once trim gave that region back: every answer in order.
     */
    private static List<Boolean> fastFreeScript(boolean fastFree) {
        Blocks b = tenBlocksAndOneElsewhere(fastFree);
        ArenaRegionSource src = b.src;
        PoolTlsFront f = b.front;
        PoolTlsHeap h = b.heap;
        long[] a = b.a;
        long other = b.other;
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(h.free(a[i]));
        }
        assertTrue(h.fastFreeAttachment() == (fastFree ? src.registry().attachmentOf(a[5]) : null),
                "armed to a[5]'s page after five frees to its region");
        long region = a[5] & -(1L << 20);
        // 5000 B is the 5120 class, not a power of two: half a block in fails the exact division.
        out.add(h.free(a[5] + 2560));
        out.add(h.free(region + 5120L * 150));
        out.add(h.free(a[5] | 1L << 48));
        out.add(h.free(other));
        assertTrue(h.fastFreeAttachment() == null, "disarmed by a free to another region");
        for (int i = 5; i < a.length; i++) {
            out.add(h.free(a[i]));
        }
        assertTrue(h.fastFreeAttachment() == (fastFree ? src.registry().attachmentOf(a[9]) : null), "armed again");
        f.trim();
        f.checkInvariants();
        assertEquals(0, src.registry().registeredGranules(), "every region went back");
        out.add(h.free(a[9]));
        f.checkInvariants();
        return out;
    }

    @Test
    void theFastFreeAloneFreesOnlyBlocksOfItsArmedGranule() throws Exception {
        Blocks b = tenBlocksAndOneElsewhere(true);
        PoolTlsFront f = b.front;
        PoolTlsHeap h = b.heap;
        long[] a = b.a;
        long other = b.other;
        assertFalse(h.tryFastFree(a[0]), "disarmed: nothing is freed");
        for (int i = 0; i < 5; i++) {
            assertTrue(h.free(a[i]));
        }
        assertFalse(h.tryFastFree(a[5] + 2560), "an interior address of the armed granule is left to the lookups");
        assertFalse(h.tryFastFree(other), "another region is left to the lookups");
        assertFalse(h.tryFastFree(a[5] | 1L << 48));
        assertTrue(h.tryFastFree(a[5]), "a block of the armed granule is freed");
        assertEquals(a[5], h.allocate(5000), "and is the next block handed out");
        AtomicReference<Throwable> fromOther = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                h.tryFastFree(a[6]);
            } catch (Throwable e) {
                fromOther.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(fromOther.get() instanceof IllegalStateException, "another thread's try is refused: " + fromOther.get());
        for (int i = 5; i < a.length; i++) {
            assertTrue(h.free(a[i]), "the refused and the wrong-thread tries left every block live: " + i);
        }
        assertTrue(h.free(other));
        f.checkInvariants();
    }

    @Test
    void everySizeGetsABlockOfItsClassAlignedAsItsSizeAllows() {
        ArenaRegionSource src = new ArenaRegionSource(1L << 20);
        PoolTlsFront f = front(src);
        Set<Long> seen = new HashSet<>();
        for (int size = 1; size <= 32768; size += 61) {
            long p = f.allocate(size);
            long usable = f.usableSize(p);
            assertTrue(usable >= size && (usable == 1024 || usable <= size * 5 / 4 + 256), size + " -> " + usable);
            assertEquals(0, p % (Integer.bitCount((int) usable) == 1 ? usable : usable % 4096 == PoolTlsFront.COLOUR ? 64 : 256),
                    "power-of-two classes are naturally aligned, coloured ones to a line, the rest to 256");
            NativeMemory.putByte(p + size - 1, (byte) 3);
            assertTrue(seen.add(p));
        }
        f.checkInvariants();
        for (long p : seen) {
            assertTrue(f.free(p));
        }
        f.checkInvariants();
    }

    @Test
    void theClassTableHasFourStepsPerDoublingAndColoursEveryMultipleOf4KiB() {
        SizeClasses c = PoolTlsFront.MID_CLASSES;
        assertEquals(21, c.count());
        assertEquals(1024, c.size(0));
        assertEquals(1280, c.size(1));
        assertEquals(32768 + PoolTlsFront.COLOUR, c.maxSize());
        assertEquals(1024, c.size(c.classOf(1024)));
        assertEquals(2048, c.size(c.classOf(2048)));
        for (int p = 4096; p <= 32768; p <<= 1) {
            assertEquals(p + PoolTlsFront.COLOUR, c.size(c.classOf(p)), "power of two " + p + " is coloured");
        }
        for (int i = 0; i < c.count(); i++) {
            assertTrue(c.size(i) % 4096 != 0, "no class is a multiple of 4 KiB: " + c.size(i));
            assertTrue(i == 0 || c.size(i) <= c.size(i - 1) * 5 / 4 + PoolTlsFront.COLOUR, "step " + i);
        }
    }

    @Test
    void colouredBlocksStartInEveryCacheSetAndAlignedOnesAtTheirSize() {
        PoolTlsFront f = front(new ArenaRegionSource(1L << 20));
        Set<Long> offsets = new HashSet<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            long p = f.allocate(4096);
            assertEquals(4096 + PoolTlsFront.COLOUR, f.usableSize(p));
            offsets.add(p % 4096);
            all.add(p);
        }
        assertEquals(64, offsets.size(), "64 coloured 4 KiB blocks start at 64 different line offsets in a page");
        for (long size = 1024; size <= 32768; size <<= 1) {
            for (int i = 0; i < 3; i++) {
                long p = f.allocateAligned(size);
                assertEquals(0, p % size, "aligned " + size);
                assertEquals(size, f.usableSize(p));
                all.add(p);
            }
        }
        f.checkInvariants();
        for (long p : all) {
            assertTrue(f.free(p));
        }
        f.checkInvariants();
        for (long small = 16; small < 1024; small <<= 1) {
            long p = f.allocateAligned(small);
            assertEquals(0, p % 1024, "a power of two below the first class gets that class's alignment: " + small);
            assertEquals(1024, f.usableSize(p));
            assertTrue(f.free(p));
        }
        for (long bad : new long[] {0, -4096, 3000, 4160, 65536, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.allocateAligned(bad));
            assertTrue(e.getMessage().contains("powers of two up to 32768") && e.getMessage().contains(Long.toString(bad)), e.getMessage());
        }
        f.checkInvariants();
    }

    @Test
    void churnAcrossThreadsGivesEveryRegionBack() throws Exception {
        ArenaRegionSource src = new ArenaRegionSource(1L << 20);
        PoolTlsFront f = front(src);
        long[] slot = new long[128];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int step = 0; step < 20_000; step++) {
            int i = rnd.nextInt(slot.length);
            if (slot[i] != 0) {
                assertEquals(slot[i], NativeMemory.getLong(slot[i]));
                f.free(slot[i]);
            }
            slot[i] = f.allocate(1025 + rnd.nextInt(31744));
            NativeMemory.putLong(slot[i], slot[i]);
        }
        Thread t = new Thread(() -> {
            for (long b : slot) {
                f.free(b);
            }
        });
        t.start();
        t.join();
        f.checkInvariants();
        f.trim();
        Thread.ofPlatform().start(() -> { }).join();
        f.checkInvariants();
        assertTrue(f.stats().counter("heapsReaped") >= 1);
    }

    @Test
    void misuseIsRefused() {
        PoolTlsFront f = front(new ArenaRegionSource(1L << 20));
        long p = f.allocate(5000);
        assertFalse(f.free(p + 8));
        // 5000 B is the 5120 class, not a power of two: half a block in is refused by the exact division.
        assertFalse(f.free(p + 2560));
        // A block start of the same region whose block was never carved (a refill carves 8).
        assertFalse(f.free(p + 64L * 5120));
        // The same two refusals for a power-of-two class (2048), under the same test.
        long q = f.allocate(2048);
        assertFalse(f.free(q + 1024));
        assertFalse(f.free(q + 64L * 2048));
        assertTrue(f.free(q));
        assertEquals(5120, f.usableSize(p));
        assertFalse(f.free(0x8000));
        assertEquals(-1, f.usableSize(p + 1));
        // The largest class is 32 KiB coloured: its line is usable, and one byte more is refused.
        assertEquals(32768 + PoolTlsFront.COLOUR, f.maxSize());
        assertThrows(IllegalArgumentException.class, () -> f.allocate(32768 + PoolTlsFront.COLOUR + 1));
        assertTrue(f.free(p));
    }

    /** The reference source, but a purge zeroes its range (as MADV_DONTNEED would) and is recorded. */
    private static final class ZeroingSource implements RegionSource {
        final ArenaRegionSource inner = new ArenaRegionSource(1L << 21);
        final List<long[]> purged = new ArrayList<>();

        @Override
        public long regionSize() {
            return inner.regionSize();
        }

        @Override
        public AddressRegistry registry() {
            return inner.registry();
        }

        @Override
        public long acquireRegion(int ownerId, Object attachment) {
            return inner.acquireRegion(ownerId, attachment);
        }

        @Override
        public void releaseRegion(long base) {
            inner.releaseRegion(base);
        }

        @Override
        public void purge(long address, long size) {
            RegionSource.super.purge(address, size);
            purged.add(new long[] {address, size});
            for (long a = address; a < address + size; a++) {
                NativeMemory.putByte(a, (byte) 0);
            }
        }

        @Override
        public long trim() {
            return inner.trim();
        }

        @Override
        public String boxName() {
            return "zeroing";
        }

        @Override
        public BoxStats stats() {
            return inner.stats();
        }

        @Override
        public void checkInvariants() {
            inner.checkInvariants();
        }
    }

    @Test
    void aClassThatShrinksGivesItsFreePagesBackAndNeverTouchesLiveBlocks() {
        ZeroingSource src = new ZeroingSource();
        long keep = 64 << 10;
        PoolTlsFront f = new PoolTlsFront(PoolTlsFront.MID_CLASSES, src, 3, 8, keep);
        int n = 256;
        long size = 20000;
        long[] blocks = new long[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = f.allocate(size);
            for (long off = 0; off < size; off += 8) {
                NativeMemory.putLong(blocks[i] + off, blocks[i] ^ off);
            }
        }
        // Free every other block: the thread's list overflows into the backend, which purges
        // when the batches reach their pages (at the next fill, here at trim).
        for (int i = 0; i < n; i += 2) {
            assertTrue(f.free(blocks[i]));
        }
        assertTrue(f.stats().counter("batchesGivenBack") > 0);
        f.trim();
        assertFalse(src.purged.isEmpty(), "a class far above keepFree gave pages back");
        long usable = f.usableSize(blocks[1]);
        for (long[] r : src.purged) {
            assertEquals(0, r[0] % 4096);
            assertEquals(0, r[1] % 4096);
            for (int i = 1; i < n; i += 2) {
                assertTrue(r[0] + r[1] <= blocks[i] || r[0] >= blocks[i] + usable, "a purge never covers a live block");
            }
        }
        assertTrue(f.stats().counter("blocksPurged") > 0);
        for (int i = 1; i < n; i += 2) {
            for (long off = 0; off < size; off += 8) {
                assertEquals(blocks[i] ^ off, NativeMemory.getLong(blocks[i] + off));
            }
        }
        // Purged blocks are handed out again, after the resident ones, and work as any block.
        f.checkInvariants();
        for (int i = 0; i < n; i += 2) {
            blocks[i] = f.allocate(size);
            NativeMemory.putLong(blocks[i] + size - 8, 7);
        }
        f.checkInvariants();
        for (long b : blocks) {
            assertTrue(f.free(b));
        }
        f.trim();
        f.checkInvariants();
    }

    @Test
    void manyThreadsFreeOneThreadsBlocksWithoutLosingAny() throws Exception {
        ArenaRegionSource src = new ArenaRegionSource(1L << 20);
        PoolTlsFront f = front(src);
        int threads = 4;
        int per = 2000;
        long[] blocks = new long[threads * per];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = f.allocate(1024 + (i % 7) * 1000);
            NativeMemory.putLong(blocks[i], i);
        }
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * per;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = from; i < from + per; i++) {
                    assertEquals(i, NativeMemory.getLong(blocks[i]));
                    assertTrue(f.free(blocks[i]));
                }
            }));
        }
        // Meanwhile this thread keeps allocating and freeing the same classes (fills take the batches back).
        for (int k = 0; k < 20_000; k++) {
            f.free(f.allocate(1024 + (k % 7) * 1000));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertTrue(f.stats().counter("batchesGivenBack") > 0, "overflowing lists went through the lock-free stack");
        assertEquals(0, f.stats().counter("doubleFreesRefused"));
        f.checkInvariants();
        f.trim();
        Thread.ofPlatform().start(() -> { }).join();
        f.trim();
        f.checkInvariants();
        assertEquals(f.stats().counter("pagesTaken"), f.stats().counter("pagesReturned"), "every page came back: no block was lost");
    }
}
