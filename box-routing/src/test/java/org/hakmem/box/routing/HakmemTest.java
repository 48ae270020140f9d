package org.hakmem.box.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.hakmem.box.api.GuardReason;
import org.hakmem.box.api.InvalidPointerException;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.api.config.HakmemOption;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public facade: every size, every boundary, every documented outcome. */
class HakmemTest {

    static Hakmem create(Object... optionValuePairs) {
        HakmemConfig.Builder b = HakmemConfig.builder().properties(new Properties()).environment(Map.of());
        for (int i = 0; i < optionValuePairs.length; i += 2) {
            b.set((HakmemOption) optionValuePairs[i], optionValuePairs[i + 1]);
        }
        return Hakmem.create(b.build());
    }

    private static void checkBlock(Hakmem hk, long p, long size) {
        long usable = hk.usableSize(p);
        assertTrue(usable >= size, "size " + size + ": usable " + usable);
        assertEquals(0, p % (size >= 16 ? 16 : 8), "size " + size + " at 0x" + Long.toHexString(p));
        NativeMemory.putByte(p, (byte) 0x11);
        NativeMemory.putByte(p + Math.max(size, 1) - 1, (byte) 0x22);
    }

    @Test
    void everySizeUpTo64KiBAndASampleAbove() {
        for (Hakmem hk : List.of(create(), create(HakmemOption.SMALLMID_ENABLE, 1, HakmemOption.TINY_MAX_CLASS, 5))) {
            for (long size = 0; size <= 65536; size++) {
                long p = hk.malloc(size);
                checkBlock(hk, p, size);
                hk.free(p);
            }
            SplittableRandom rnd = new SplittableRandom(9);
            for (int i = 0; i < 100; i++) {
                long size = 65537 + rnd.nextLong(8L << 20);
                long p = hk.malloc(size);
                checkBlock(hk, p, size);
                hk.free(p);
            }
            hk.checkInvariants();
        }
    }

    @Test
    void sizeRangesMeetWithoutGapOrOverlap() {
        Hakmem plain = create(HakmemOption.TINY_WIDE, 0);
        assertEquals("tiny-front", plain.boxFor(1));
        assertEquals("tiny-front", plain.boxFor(1023));
        assertEquals("pool-tls", plain.boxFor(1024));
        assertEquals("pool-tls", plain.boxFor(32768));
        assertEquals("large", plain.boxFor(32769));
        Hakmem sm = create(HakmemOption.SMALLMID_ENABLE, "on", HakmemOption.TINY_MAX_CLASS, 5);
        assertEquals("tiny-front", sm.boxFor(255));
        assertEquals("smallmid", sm.boxFor(256));
        assertEquals("smallmid", sm.boxFor(4096));
        assertEquals("pool-tls", sm.boxFor(4097));
        assertEquals("none", sm.boxFor(-1));
    }

    @Test
    void reallocKeepsContentsAcrossEveryBoxBoundary() {
        Hakmem hk = create(HakmemOption.SMALLMID_ENABLE, 1, HakmemOption.TINY_MAX_CLASS, 5);
        long[] sizes = {8, 100, 255, 256, 1023, 1024, 3000, 4096, 5000, 32768, 40000, 3L << 20, 16, 70000, 24};
        long p = hk.malloc(sizes[0]);
        long prev = sizes[0];
        NativeMemory.fill(p, prev, (byte) 0x3C);
        for (int i = 1; i < sizes.length; i++) {
            long n = sizes[i];
            p = hk.realloc(p, n);
            assertTrue(NativeMemory.allEqual(p, Math.min(prev, n), (byte) 0x3C), prev + " -> " + n);
            NativeMemory.fill(p, n, (byte) 0x3C);
            prev = n;
        }
        long same = hk.realloc(p, 20);
        assertEquals(p, same, "24 -> 20 stays in the 32-byte class");
        assertEquals(0, hk.realloc(same, 0));
        long fresh = hk.realloc(0, 10);
        hk.free(fresh);
        hk.checkInvariants();
    }

    @Test
    void callocZeroesAndRefusesOverflow() {
        Hakmem hk = create();
        long p = hk.malloc(512);
        NativeMemory.fill(p, 512, (byte) -1);
        hk.free(p);
        long q = hk.calloc(64, 8);
        assertTrue(NativeMemory.allEqual(q, 512, (byte) 0));
        hk.free(q);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hk.calloc(Long.MAX_VALUE, 2));
        assertTrue(e.getMessage().contains("overflow"));
    }

    @Test
    void aFreeAfterMidFreesStillReachesEveryBox() {
        for (int fastFree = 0; fastFree <= 1; fastFree++) {
            Hakmem hk = create(HakmemOption.FAST_FREE, fastFree);
            HakmemHeap h = hk.heap();
            long[] mid = new long[6];
            for (int i = 0; i < mid.length; i++) {
                mid[i] = h.malloc(4096);
            }
            long tiny = h.malloc(48);
            long large = h.malloc(100_000);
            for (int i = 0; i < 5; i++) {
                h.free(mid[i]);
            }
            // The last frees were Mid's: the next one tries Mid first, and must still land in Tiny.
            h.free(tiny);
            assertEquals(tiny, h.malloc(48), "the Tiny block went back to Tiny's list (fast free " + fastFree + ")");
            h.free(mid[5]);
            h.free(large);
            assertThrows(InvalidPointerException.class, () -> hk.usableSize(large), "the large block after a Mid free is gone");
            h.free(tiny);
            assertEquals(mid[5], h.malloc(4096), "the Mid block after a Tiny free went back to Mid's list");
            h.free(mid[5]);
            hk.checkInvariants();
            assertEquals(0, hk.stats().box("tiny-front").counter("doubleFreesRefused") + hk.stats().box("pool-tls").counter("doubleFreesRefused"));
        }
    }

    @Test
    void segmentsComeFromTheAllocatorAndGoBack() {
        Hakmem hk = create();
        MemorySegment s = hk.allocate(100, 64);
        assertEquals(100, s.byteSize());
        assertEquals(0, s.address() % 64);
        s.set(ValueLayout.JAVA_INT, 96, 7);
        hk.free(s);
        MemorySegment ints = hk.allocateFrom(ValueLayout.JAVA_INT, 1, 2, 3);
        assertEquals(3, ints.getAtIndex(ValueLayout.JAVA_INT, 2));
        hk.free(ints);
        assertThrows(IllegalArgumentException.class, () -> hk.free(MemorySegment.ofArray(new byte[8])));
        assertThrows(IllegalArgumentException.class, () -> hk.allocate(-1, 8));
        hk.checkInvariants();
    }

    @Test
    void badInputHasItsDocumentedOutcomeAndChangesNothing() {
        Hakmem hk = create(HakmemOption.MAX_ALLOCATION, "1m");
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> hk.malloc(-1));
        assertTrue(neg.getMessage().contains("hakmem.maxAllocation"), neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hk.malloc((1 << 20) + 1));
        hk.free(0);
        long p = hk.malloc(64);
        try (Arena arena = Arena.ofConfined()) {
            long foreign = arena.allocate(64).address();
            assertEquals(GuardReason.FOREIGN, assertThrows(InvalidPointerException.class, () -> hk.free(foreign)).reason());
        }
        assertEquals(GuardReason.INTERIOR, assertThrows(InvalidPointerException.class, () -> hk.free(p + 16)).reason());
        assertEquals(GuardReason.UNALIGNED, assertThrows(InvalidPointerException.class, () -> hk.free(p + 3)).reason());
        assertEquals(GuardReason.INTERIOR, assertThrows(InvalidPointerException.class, () -> hk.usableSize(p + 8)).reason());
        assertEquals(4, hk.stats().box("external-guard").counter("rejected"));
        hk.checkInvariants();
        assertEquals(64, hk.usableSize(p));
        hk.free(p);
        hk.checkInvariants();
    }

    @Test
    void theMappingLimitGivesAClearOutOfMemoryErrorAndTheAllocatorGoesOn() {
        Hakmem hk = create(HakmemOption.MAPPING_LIMIT, "8m");
        List<Long> held = new ArrayList<>();
        OutOfMemoryError oom = null;
        try {
            for (int i = 0; i < 1000; i++) {
                held.add(hk.malloc(40_000));
            }
        } catch (OutOfMemoryError e) {
            oom = e;
        }
        assertTrue(oom != null && oom.getMessage().contains("hakmem.mapping.limit"), String.valueOf(oom));
        assertTrue(hk.mappedBytes() <= 8L << 20);
        hk.checkInvariants();
        for (long p : held) {
            hk.free(p);
        }
        hk.trim();
        long p = hk.malloc(40_000);
        hk.free(p);
        hk.checkInvariants();
    }

    @Test
    void aDoubleFreeNeverCorruptsTheAllocator() throws Exception {
        Hakmem hk = create(HakmemOption.SMALLMID_ENABLE, 1, HakmemOption.TINY_MAX_CLASS, 5);
        long tiny = hk.malloc(32);
        long small = hk.malloc(600);
        long mid = hk.malloc(9000);
        for (long p : new long[] {tiny, small, mid}) {
            hk.free(p);
            hk.free(p);
        }
        long remote = hk.malloc(48);
        Thread other = new Thread(() -> {
            hk.free(remote);
            hk.free(remote);
        });
        other.start();
        other.join();
        // A remote duplicate is refused at the free (its bit is set); local ones where blocks go back
        // to their slabs: on trim, spill or thread end.
        hk.trim();
        HakmemStats st = hk.stats();
        assertEquals(2, st.box("tiny-front").counter("doubleFreesRefused"), "one local and one remote duplicate");
        assertEquals(1, st.box("pool-tls").counter("doubleFreesRefused"));
        assertEquals(1, st.box("smallmid").classes().stream().mapToLong(c -> c.counters().get("doubleFreesRefused")).sum());
        hk.checkInvariants();
        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fresh.add(hk.malloc(32 + i % 20_000));
        }
        assertEquals(fresh.size(), fresh.stream().distinct().count(), "after the refusals no block is handed out twice");
        for (long p : fresh) {
            hk.free(p);
        }
        hk.checkInvariants();
    }

    @Test
    void rareEventsAreRecordedByJfr(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hakmem.jfr");
        try (Recording r = new Recording()) {
            r.enable("org.hakmem.SuperSlab");
            r.enable("org.hakmem.GuardHit");
            r.enable("org.hakmem.Trim");
            r.start();
            Hakmem hk = create(HakmemOption.GUARD_POLICY, "count", HakmemOption.SUPERSLAB_CACHE, 0);
            long p = hk.malloc(64);
            hk.free(0x1000);
            hk.free(p);
            hk.trim();
            r.stop();
            r.dump(file);
        }
        Map<String, Long> counts = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String key = e.getEventType().getName() + (e.hasField("action") ? ":" + e.getString("action") : "");
            counts.merge(key, 1L, Long::sum);
            if (e.getEventType().getName().equals("org.hakmem.GuardHit")) {
                assertEquals(0x1000, e.getLong("address"));
                assertEquals("FOREIGN", e.getString("reason"));
            }
        }
        assertTrue(counts.getOrDefault("org.hakmem.SuperSlab:map", 0L) >= 1, counts.toString());
        assertTrue(counts.getOrDefault("org.hakmem.SuperSlab:unmap", 0L) >= 1, counts.toString());
        assertEquals(1L, counts.get("org.hakmem.GuardHit"), counts.toString());
        assertEquals(1L, counts.get("org.hakmem.Trim"), counts.toString());
    }

    @Test
    void countOnlyGuardLetsTheCallerGoOn() {
        Hakmem hk = create(HakmemOption.GUARD_POLICY, "count");
        hk.free(0x1000);
        assertEquals(-1, hk.usableSize(0x2000));
        assertEquals(2, hk.stats().box("external-guard").counter("rejected.foreign"));
    }

    @Test
    void theHeapHandleRoutesLikeTheAllocatorAndBelongsToOneThread() throws Exception {
        Hakmem hk = create(HakmemOption.SMALLMID_ENABLE, 1);
        HakmemHeap h = hk.heap();
        assertTrue(h == hk.heap(), "one handle per thread");
        List<Long> blocks = new ArrayList<>();
        for (long size : new long[] {0, 1, 16, 1023, 1024, 4096, 4097, 32768, 32769, 1 << 20}) {
            long p = h.malloc(size);
            checkBlock(hk, p, size);
            blocks.add(p);
        }
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                h.malloc(8);
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        for (long p : blocks) {
            h.free(p);
        }
        assertThrows(InvalidPointerException.class, () -> h.free(blocks.get(2) + 8));
        hk.checkInvariants();
    }

    @Test
    void everyConfigurationOfTheSeedsSwitchesWorks() {
        for (Hakmem hk : List.of(create(HakmemOption.TINY_SS_SHARED, 0), create(HakmemOption.TINY_TLS_SLL, "intrusive"),
                create(HakmemOption.TINY_TLS_SLL, "intrusive", HakmemOption.CHECK_LEVEL, "checked"),
                create(HakmemOption.SLAB_SIZE, "16k", HakmemOption.SUPERSLAB_SIZE, "1m", HakmemOption.TINY_WIDE, 0),
                create(HakmemOption.TINY_WIDE, 0), create(HakmemOption.FAST_FREE, 0))) {
            SplittableRandom rnd = new SplittableRandom(5);
            long[] slot = new long[256];
            for (int i = 0; i < 20_000; i++) {
                int k = rnd.nextInt(slot.length);
                hk.free(slot[k]);
                slot[k] = hk.malloc(16 + rnd.nextInt(1009));
            }
            hk.checkInvariants();
            for (long p : slot) {
                hk.free(p);
            }
            hk.checkInvariants();
        }
    }

    @Test
    void theHeapHandleTriesMidFirstOnlyWhereMidServesMallocSizes() {
        assertEquals(HakmemHeap.class, create().heap().getClass());
        assertEquals(HakmemHeap.class, create(HakmemOption.TINY_WIDE, 0, HakmemOption.FAST_FREE, 0).heap().getClass());
        assertEquals(CheckedHakmemHeap.class, create(HakmemOption.TINY_WIDE, 0, HakmemOption.CHECK_LEVEL, "checked").heap().getClass());
        Hakmem hk = create(HakmemOption.TINY_WIDE, 0);
        HakmemHeap h = hk.heap();
        assertEquals(MidFirstHakmemHeap.class, h.getClass());
        // Runs of Mid frees and Tiny frees by turns: each run's first free meets the other
        // box's order (Mid first after a Mid free, Tiny first after a Tiny free).
        List<Long> mid = new ArrayList<>();
        List<Long> tiny = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            mid.add(h.malloc(4096));
            tiny.add(h.malloc(48));
        }
        MidFirstHakmemHeap order = (MidFirstHakmemHeap) h;
        for (int i = 0; i < 96; i += 3) {
            h.free(mid.get(i));
            assertTrue(order.triesMidFirst());
            h.free(mid.get(i + 1));
            h.free(tiny.get(i));
            assertFalse(order.triesMidFirst());
            h.free(mid.get(i + 2));
            h.free(tiny.get(i + 1));
            h.free(tiny.get(i + 2));
        }
        assertEquals(0, hk.stats().box("pool-tls").counter("doubleFreesRefused"));
        assertEquals(0, hk.stats().box("tiny-front").counter("doubleFreesRefused"));
        hk.checkInvariants();
        // After a Mid free, an address inside a live Mid block and one inside a Tiny block are
        // refused, and nothing changes.
        long m = h.malloc(4096);
        long t = h.malloc(48);
        h.free(h.malloc(4096));
        assertTrue(order.triesMidFirst());
        assertThrows(InvalidPointerException.class, () -> h.free(m + 64));
        assertThrows(InvalidPointerException.class, () -> h.free(t + 16));
        checkBlock(hk, m, 4096);
        checkBlock(hk, t, 48);
        h.free(m);
        h.free(t);
        hk.checkInvariants();
    }

    @Test
    void statsNameEveryBox() {
        Hakmem hk = create(HakmemOption.SMALLMID_ENABLE, 1);
        hk.free(hk.malloc(16));
        HakmemStats s = hk.stats();
        assertTrue(s.box("superslab-tiny").counter("mmapCalls") >= 1);
        assertEquals(1, s.box("shared-pool").counter("slabsActive"));
        String text = s.render();
        for (String box : List.of("tiny-front", "shared-pool", "superslab-tiny", "smallmid", "pool-tls", "large", "external-guard")) {
            assertTrue(text.contains(box), box);
        }
        assertThrows(IllegalArgumentException.class, () -> s.box("nope"));
    }

    @Test
    void trimGivesBackWhatTheCallingThreadCached() {
        Hakmem hk = create(HakmemOption.SMALLMID_ENABLE, 1);
        SplittableRandom rnd = new SplittableRandom(12);
        long[] slot = new long[1024];
        for (int i = 0; i < 100_000; i++) {
            int k = rnd.nextInt(slot.length);
            hk.free(slot[k]);
            int e = 4 + rnd.nextInt(11);
            slot[k] = hk.malloc((1L << e) + rnd.nextLong((1L << e) + 1));
        }
        long peak = hk.mappedBytes();
        for (long p : slot) {
            hk.free(p);
        }
        hk.trim();
        assertTrue(hk.mappedBytes() <= peak / 10, "after trim " + hk.mappedBytes() + " of a peak " + peak + " stay mapped");
        hk.checkInvariants();
        hk.free(hk.malloc(100));
    }

    @Test
    void trimGivesBackWhatADeadThreadLeft() throws Exception {
        Hakmem hk = create(HakmemOption.SMALLMID_ENABLE, 1);
        long[] peak = new long[1];
        Thread t = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(11);
            long[] slot = new long[1024];
            for (int i = 0; i < 100_000; i++) {
                int k = rnd.nextInt(slot.length);
                hk.free(slot[k]);
                int e = 4 + rnd.nextInt(11);
                slot[k] = hk.malloc((1L << e) + rnd.nextLong((1L << e) + 1));
            }
            peak[0] = hk.mappedBytes();
            for (long p : slot) {
                hk.free(p);
            }
        });
        t.start();
        t.join();
        hk.trim();
        assertTrue(hk.mappedBytes() <= peak[0] / 10, "after trim " + hk.mappedBytes() + " of a peak " + peak[0] + " stay mapped");
        hk.checkInvariants();
    }

    @Test
    void residentBytesCountsTouchedPagesAndFollowsPurgesAndTrim() {
        // Mid's purge of free blocks: a wide Tiny (the default) keeps its free blocks resident.
        Hakmem hk = create(HakmemOption.MID_KEEP_FREE, 0, HakmemOption.TINY_WIDE, 0);
        long before = hk.residentBytes();
        long size = 16384;
        long[] blocks = new long[512];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = hk.malloc(size);
            for (long off = 0; off < size; off += 4096) {
                NativeMemory.putByte(blocks[i] + off, (byte) i);
            }
        }
        long touched = hk.residentBytes() - before;
        assertTrue(touched >= blocks.length * size, "every touched page is resident: " + touched);
        assertTrue(touched <= blocks.length * size + (8L << 20), "and not much else: " + touched);
        // With keepFree 0, a shrinking class gives its free blocks' pages back as soon as they
        // reach their pages: at the class's next refill (17 mallocs empty the thread's list).
        for (int i = 0; i < blocks.length; i += 2) {
            hk.free(blocks[i]);
        }
        long[] again = new long[17];
        for (int i = 0; i < again.length; i++) {
            again[i] = hk.malloc(size);
        }
        long half = hk.residentBytes() - before;
        for (long p : again) {
            hk.free(p);
        }
        assertTrue(half < touched - blocks.length / 4 * size, "freed half gave pages back: " + half + " of " + touched);
        for (int i = 1; i < blocks.length; i += 2) {
            for (long off = 0; off < size; off += 4096) {
                assertEquals((byte) i, NativeMemory.getByte(blocks[i] + off), "live blocks keep their contents");
            }
            hk.free(blocks[i]);
        }
        hk.trim();
        assertTrue(hk.residentBytes() <= before + (1L << 20), "after trim: " + hk.residentBytes());
        hk.checkInvariants();
    }
}
