package org.hakmem.box.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.hakmem.box.api.FreeList;
import org.hakmem.box.api.FreeListFactory;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.reference.ArenaRegionSource;
import org.hakmem.box.api.reference.SimpleSlabPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tiny on box-api's reference pool (this box needs nothing else), with both kinds of free list
 * this test knows without depending on box-tls-sll: an intrusive one and an on-heap one.
 */
class TinyFrontTest {

    /** A minimal on-heap list, written here so the test depends on box-api alone. */
    private static final class ArrayList8 implements FreeList {
        private final long[] a;
        private int n;

        ArrayList8(int cap) {
            a = new long[cap];
        }

        @Override
        public boolean push(long b) {
            if (n == a.length) {
                return false;
            }
            a[n++] = b;
            return true;
        }

        @Override
        public long pop() {
            return n == 0 ? 0 : a[--n];
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public int capacity() {
            return a.length;
        }

        @Override
        public int pushBatch(long[] b, int k) {
            int m = Math.min(k, a.length - n);
            System.arraycopy(b, 0, a, n, m);
            n += m;
            return m;
        }

        @Override
        public int popBatch(long[] into, int max) {
            int m = Math.min(max, n);
            n -= m;
            System.arraycopy(a, n, into, 0, m);
            return m;
        }
    }

    /** A minimal intrusive list: the link lives in the free block. */
    private static final class Linked implements FreeList {
        private final int cap;
        private long head;
        private int n;

        Linked(int cap) {
            this.cap = cap;
        }

        @Override
        public boolean push(long b) {
            if (n == cap) {
                return false;
            }
            NativeMemory.putLong(b, head);
            head = b;
            n++;
            return true;
        }

        @Override
        public long pop() {
            long b = head;
            if (b != 0) {
                head = NativeMemory.getLong(b);
                n--;
            }
            return b;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public int capacity() {
            return cap;
        }

        @Override
        public int pushBatch(long[] b, int k) {
            int i = 0;
            while (i < k && push(b[i])) {
                i++;
            }
            return i;
        }

        @Override
        public int popBatch(long[] into, int max) {
            int i = 0;
            while (i < max && n > 0) {
                into[i++] = pop();
            }
            return i;
        }
    }

    record Lists(String name, FreeListFactory factory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Lists> lists() {
        FreeListFactory onHeap = new FreeListFactory() {
            @Override
            public String name() {
                return "on-heap";
            }

            @Override
            public FreeList create(int blockSize, int capacity) {
                return new ArrayList8(capacity);
            }
        };
        FreeListFactory linked = new FreeListFactory() {
            @Override
            public String name() {
                return "linked";
            }

            @Override
            public FreeList create(int blockSize, int capacity) {
                return new Linked(capacity);
            }
        };
        return Stream.of(new Lists("on-heap", onHeap), new Lists("linked", linked));
    }

    private static TinyFront front(FreeListFactory f) {
        SimpleSlabPool pool = new SimpleSlabPool(new ArenaRegionSource(64 << 10), 1);
        return new TinyFront(SizeClasses.TINY, 1023, pool, f, 32, 64);
    }

    @ParameterizedTest
    @MethodSource("lists")
    void everySizeGetsAnAlignedBlockOfItsClass(Lists l) {
        TinyFront t = front(l.factory());
        List<Long> blocks = new ArrayList<>();
        for (int size = 1; size <= 1023; size++) {
            long p = t.allocate(size);
            long usable = t.usableSize(p);
            assertTrue(usable >= size && usable < 2L * Math.max(size, 8), "size " + size + " got " + usable);
            assertEquals(0, p % Math.min(usable, 1024), "power-of-two classes are naturally aligned");
            NativeMemory.putByte(p, (byte) 1);
            NativeMemory.putByte(p + size - 1, (byte) 1);
            blocks.add(p);
        }
        assertEquals(blocks.size(), new HashSet<>(blocks).size(), "no block handed out twice");
        t.checkInvariants();
        for (long p : blocks) {
            assertTrue(t.free(p));
        }
        t.checkInvariants();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void patternsSurviveChurn(Lists l) {
        TinyFront t = front(l.factory());
        TinyHeap h = t.heap();
        SplittableRandom rnd = new SplittableRandom(42);
        long[] slot = new long[512];
        int[] size = new int[512];
        for (int step = 0; step < 200_000; step++) {
            int i = rnd.nextInt(slot.length);
            if (slot[i] != 0) {
                assertEquals(pattern(slot[i]), NativeMemory.getLong(slot[i] + size[i] - 8), "block 0x" + Long.toHexString(slot[i]));
                h.free(slot[i]);
            }
            size[i] = 8 + rnd.nextInt(1016);
            slot[i] = h.allocate(size[i]);
            NativeMemory.putLong(slot[i] + size[i] - 8, pattern(slot[i]));
        }
        t.checkInvariants();
        for (long p : slot) {
            h.free(p);
        }
        t.checkInvariants();
    }

    private static long pattern(long address) {
        return address * 0x9E3779B97F4A7C15L;
    }

    @ParameterizedTest
    @MethodSource("lists")
    void anotherThreadsFreesComeBackThroughTheRemoteBitmap(Lists l) throws Exception {
        TinyFront t = front(l.factory());
        long[] blocks = new long[5000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = t.allocate(64);
        }
        Thread other = new Thread(() -> {
            for (long b : blocks) {
                t.free(b);
            }
        });
        other.start();
        other.join();
        assertEquals(5000, t.stats().counter("remoteFrees"));
        t.checkInvariants();
        long slabs = t.stats().counter("slabsTaken");
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = t.allocate(64);
        }
        assertEquals(slabs, t.stats().counter("slabsTaken"), "remotely freed blocks are drained and reused before any new slab");
        t.checkInvariants();
        for (long b : blocks) {
            t.free(b);
        }
    }

    @ParameterizedTest
    @MethodSource("lists")
    void aSecondRemoteFreeOfOneBlockIsRefusedAtTheFree(Lists l) throws Exception {
        TinyFront t = front(l.factory());
        long b = t.allocate(48);
        long keep = t.allocate(48);
        Thread other = new Thread(() -> {
            t.free(b);
            t.free(b);
        });
        other.start();
        other.join();
        assertEquals(1, t.stats().counter("remoteFrees"));
        assertEquals(1, t.stats().counter("doubleFreesRefused"), "the second free found the block's bit set");
        t.checkInvariants();
        // Enough mallocs that refills drain the slab: the block comes back exactly once.
        Set<Long> handed = new HashSet<>();
        int seenB = 0;
        for (int i = 0; i < 400; i++) {
            long a = t.allocate(48);
            assertTrue(handed.add(a), "a block handed out twice: 0x" + Long.toHexString(a));
            seenB += a == b ? 1 : 0;
        }
        assertEquals(1, seenB, "the remotely freed block was handed out again exactly once");
        for (long a : handed) {
            t.free(a);
        }
        t.free(keep);
        t.checkInvariants();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void deadThreadsGiveTheirBlocksBack(Lists l) throws Exception {
        TinyFront t = front(l.factory());
        long kept = t.allocate(16);
        for (int round = 0; round < 500; round++) {
            Thread th = Thread.ofVirtual().start(() -> {
                long[] b = new long[40];
                for (int i = 0; i < b.length; i++) {
                    b[i] = t.allocate(16 + 16 * (i % 4));
                }
                for (int i = 0; i < b.length; i += 2) {
                    t.free(b[i]);
                }
            });
            th.join();
        }
        t.trim();
        assertEquals(1, t.heapCount(), "only the test thread's heap is left");
        t.checkInvariants();
        assertTrue(t.stats().counter("orphanAdoptions") + t.stats().classes().stream()
                .mapToLong(c -> c.counters().get("orphans")).sum() > 0, "half the blocks are still out: their slabs are orphans or adopted");
        assertTrue(t.free(kept));
    }

    @ParameterizedTest
    @MethodSource("lists")
    void theFastFreeAnswersAsTheSlabMapDoes(Lists l) {
        List<Boolean> fast = fastFreeScript(l, true);
        assertEquals(fastFreeScript(l, false), fast);
        assertEquals(List.of(true, true, true, true, true, false, false, false, true, true, true, true, true, true, false), fast);
    }

    @Test
    void theBlockTestBoundsBothEndsForPowersOfTwoAndOtherSizesAlike() {
        for (int size : new int[] {16, 32, 48, 1024, 1280, 4160, 32832}) {
            TinySlab s = new TinySlab(2, size, 1 << 20, null);
            s.base = 1L << 20;
            s.take(new long[8], 8, 8);
            assertTrue(s.holdsBlock(s.base), "block 0 of " + size);
            assertTrue(s.holdsBlock(s.base + size * 7L), "block 7 of " + size);
            assertEquals(7, s.indexOf(s.base + size * 7L));
            assertFalse(s.holdsBlock(s.base + size * 8L), "not carved yet: " + size);
            assertFalse(s.holdsBlock(s.base - size), "below the base: " + size);
            assertFalse(s.holdsBlock(s.base + 8), "interior: " + size);
            assertFalse(s.holdsBlock(s.base + size + 8), "interior: " + size);
            assertFalse(s.holdsBlock(s.base + size * 3L + size / 2), "interior: " + size);
            assertFalse(s.holdsBlock(Long.MIN_VALUE + size), "negative, within a slab of the disarmed base: " + size);
        }
    }

    /**
     * Two refills of one class (the second arms the fast free when it is on), frees to that slab
     * and misuse in and around it, a refill of another class (it disarms), frees to the first
     * slab, two more refills of the first class (they arm again), frees past the list's
     * capacity (the spill disarms), then a stale free once trim gave that slab back: every
     * answer in order. Refills are 32 blocks here.
     */
    private static List<Boolean> fastFreeScript(Lists l, boolean fastFree) {
        TinyFront t = new TinyFront(SizeClasses.TINY, 1023, new SimpleSlabPool(new ArenaRegionSource(64 << 10), 1), l.factory(),
                32, 64, fastFree);
        TinyHeap h = t.heap();
        long[] a = new long[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = h.allocate(32);
            assertTrue(h.fastFreeSlab() == (fastFree && i >= 32 ? t.slabOf(a[0]) : null), "armed by the second refill, block " + i);
        }
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(h.free(a[i]));
        }
        long slab = a[5] & -(64L << 10);
        out.add(h.free(a[5] + 8));
        out.add(h.free(slab + 32L * 2000));
        out.add(h.free(a[5] | 1L << 48));
        long other = h.allocate(512);
        assertTrue(h.fastFreeSlab() == null, "disarmed by a refill of another class");
        out.add(h.free(other));
        for (int i = 5; i < 10; i++) {
            out.add(h.free(a[i]));
        }
        // The list now holds 34 blocks of 32 B: the 35th allocation refills, the 67th again.
        long[] b = new long[67];
        for (int i = 0; i < b.length; i++) {
            b[i] = h.allocate(32);
        }
        assertTrue(h.fastFreeSlab() == (fastFree ? t.slabOf(b[66]) : null), "armed again by two refills of one class");
        for (long p : b) {
            assertTrue(h.free(p));
        }
        assertTrue(h.spills[SizeClasses.TINY.classOf(32)] > 0);
        assertTrue(h.fastFreeSlab() == null, "disarmed by the spill");
        for (int i = 10; i < a.length; i++) {
            assertTrue(h.free(a[i]));
        }
        long[] c = new long[h.listed(SizeClasses.TINY.classOf(32)).length + 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = h.allocate(32);
        }
        assertTrue(h.fastFreeSlab() == null, "one refill after a spill does not arm");
        for (long p : c) {
            assertTrue(h.free(p));
        }
        t.trim();
        t.checkInvariants();
        out.add(h.free(a[9]));
        t.checkInvariants();
        return out;
    }

    @ParameterizedTest
    @MethodSource("lists")
    void misuseIsRefusedAndChangesNothing(Lists l) throws Exception {
        TinyFront t = front(l.factory());
        TinyHeap mine = t.heap();
        long p = mine.allocate(32);
        assertThrows(IllegalArgumentException.class, () -> mine.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> mine.allocate(1024));
        assertThrows(IllegalArgumentException.class, () -> mine.allocate(-5));
        assertFalse(t.free(p + 8), "interior");
        assertFalse(t.free(p + 32 * 1000), "never carved");
        assertFalse(t.free(0x1000), "foreign");
        // The heap remembers the slab map leaf of its last free: addresses that share p's leaf
        // index but not its root index (above 2^48, negative) must still miss.
        assertFalse(t.free(p | 1L << 48), "p with bit 48 set");
        assertFalse(t.free(p | Long.MIN_VALUE), "p with the sign bit set");
        assertFalse(t.free(-16), "negative");
        assertEquals(-1, t.usableSize(p + 1));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                mine.allocate(16);
            } catch (Throwable e) {
                seen.set(e);
            }
        }, "intruder");
        other.start();
        other.join();
        assertTrue(seen.get() instanceof IllegalStateException && seen.get().getMessage().contains("intruder"), String.valueOf(seen.get()));
        t.checkInvariants();
        assertTrue(mine.free(p));
    }
}
