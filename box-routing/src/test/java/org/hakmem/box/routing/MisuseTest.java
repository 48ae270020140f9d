package org.hakmem.box.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.GuardReason;
import org.hakmem.box.api.InvalidPointerException;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.HakmemOption;
import org.junit.jupiter.api.Test;

/**
 * Misuse, one case per test, modelled on the allocator security suites: each ends with the
 * documented outcome, the invariants of every box, and later allocations unharmed.
 */
class MisuseTest {

    /** Later allocations are distinct, writable and freeable: the allocator was not harmed. */
    private static void stillHealthy(Hakmem hk) {
        hk.checkInvariants();
        Set<Long> seen = new HashSet<>();
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long size = 8 + (i * 37L) % 40_000;
            long p = hk.malloc(size);
            NativeMemory.putByte(p, (byte) 1);
            NativeMemory.putByte(p + size - 1, (byte) 1);
            assertTrue(seen.add(p), "block 0x" + Long.toHexString(p) + " handed out twice");
            blocks.add(p);
        }
        for (long p : blocks) {
            hk.free(p);
        }
        hk.checkInvariants();
    }

    private static GuardReason refused(Hakmem hk, long address) {
        return assertThrows(InvalidPointerException.class, () -> hk.free(address)).reason();
    }

    @Test
    void aFarAddressIsForeign() {
        Hakmem hk = HakmemTest.create();
        hk.free(hk.malloc(32));
        assertEquals(GuardReason.FOREIGN, refused(hk, 0x1234_5678_9ab0L));
        assertEquals(GuardReason.FOREIGN, refused(hk, -16));
        stillHealthy(hk);
    }

    @Test
    void interiorAndUnalignedPointersOfEveryBoxAreRefused() {
        Hakmem hk = HakmemTest.create(HakmemOption.SMALLMID_ENABLE, 1, HakmemOption.TINY_MAX_CLASS, 5);
        for (long size : new long[] {64, 2000, 20_000, 100_000}) {
            long p = hk.malloc(size);
            assertEquals(GuardReason.INTERIOR, refused(hk, p + 16), "size " + size);
            assertEquals(GuardReason.UNALIGNED, refused(hk, p + 5), "size " + size);
            // The fronts remember the map leaf of their last lookup: the same low bits above 2^48 still miss.
            assertEquals(GuardReason.FOREIGN, refused(hk, p | 1L << 48), "size " + size + ", bit 48 set");
            hk.free(p);
        }
        stillHealthy(hk);
    }

    @Test
    void misuseNextToAnArmedFastFreeIsRefusedAsWithoutIt() {
        List<GuardReason> fast = fastFreeReasons(1);
        assertEquals(fastFreeReasons(0), fast);
        List<GuardReason> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.addAll(List.of(GuardReason.INTERIOR, GuardReason.UNALIGNED, GuardReason.FOREIGN));
        }
        expected.add(GuardReason.AFTER_UNMAP);
        assertEquals(expected, fast);
    }

    /**
     * For three sizes (Tiny's own, and two that Mid served before Tiny's classes became wide):
     * 40 blocks through the heap handle (at least two refills of the class: the second arms the
     * fast free when it is on), five frees, then misuse next to them; last, a stale free of a
     * block whose slab trim gave back. The reasons, in order.
     */
    private static List<GuardReason> fastFreeReasons(int fastFree) {
        Hakmem hk = HakmemTest.create(HakmemOption.FAST_FREE, fastFree, HakmemOption.SUPERSLAB_CACHE, 0);
        HakmemHeap h = hk.heap();
        List<GuardReason> out = new ArrayList<>();
        long stale = 0;
        for (long size : new long[] {64, 2000, 20_000}) {
            long[] a = new long[40];
            for (int i = 0; i < a.length; i++) {
                a[i] = h.malloc(size);
            }
            for (int i = 0; i < 5; i++) {
                h.free(a[i]);
            }
            long p = a[5];
            out.add(assertThrows(InvalidPointerException.class, () -> h.free(p + 16)).reason());
            out.add(assertThrows(InvalidPointerException.class, () -> h.free(p + 5)).reason());
            out.add(assertThrows(InvalidPointerException.class, () -> h.free(p | 1L << 48)).reason());
            h.free(p);
            for (int i = 6; i < a.length; i++) {
                h.free(a[i]);
            }
            stale = stale == 0 ? p : stale;
        }
        hk.trim();
        long gone = stale;
        out.add(assertThrows(InvalidPointerException.class, () -> h.free(gone)).reason());
        stillHealthy(hk);
        return out;
    }

    @Test
    void anUnsafeOrMallocAddressIsForeign() throws Throwable {
        Hakmem hk = HakmemTest.create();
        Linker l = Linker.nativeLinker();
        MethodHandle malloc = l.downcallHandle(l.defaultLookup().findOrThrow("malloc"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        MethodHandle free = l.downcallHandle(l.defaultLookup().findOrThrow("free"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
        long p = (long) malloc.invokeExact(64L);
        assertEquals(GuardReason.FOREIGN, refused(hk, p));
        free.invokeExact(p);
        stillHealthy(hk);
    }

    @Test
    void aFreedLargeBlockIsRefusedAndNeverTouched() {
        Hakmem hk = HakmemTest.create(HakmemOption.LARGE_CACHE, 0);
        long p = hk.malloc(1 << 20);
        hk.free(p);
        assertEquals(GuardReason.AFTER_UNMAP, refused(hk, p), "its memory went back to the OS");
        stillHealthy(hk);
    }

    @Test
    void doubleFreesDelayedAndInterleavedAreRefusedWhenTheBlocksReachTheirSlabs() {
        Hakmem hk = HakmemTest.create();
        long a = hk.malloc(48);
        long b = hk.malloc(48);
        long c = hk.malloc(48);
        hk.free(a);
        hk.free(b);
        hk.free(a);
        hk.free(c);
        hk.free(b);
        hk.trim();
        assertEquals(2, hk.stats().box("tiny-front").counter("doubleFreesRefused"));
        stillHealthy(hk);
    }

    @Test
    void aFreeAfterTrimIsRefused() {
        Hakmem hk = HakmemTest.create(HakmemOption.SUPERSLAB_CACHE, 0);
        long p = hk.malloc(100);
        hk.free(p);
        hk.trim();
        assertEquals(GuardReason.AFTER_UNMAP, refused(hk, p), "the slab and its SuperSlab went back");
        stillHealthy(hk);
    }

    @Test
    void aWriteAfterFreeCannotCorruptTheDefaultFreeLists() {
        Hakmem hk = HakmemTest.create();
        long[] blocks = new long[64];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = hk.malloc(32);
        }
        for (long p : blocks) {
            hk.free(p);
            NativeMemory.fill(p, 32, (byte) 0x7F);
        }
        stillHealthy(hk);
    }

    @Test
    void theCheckedLevelCatchesAWriteAfterFreeInAnIntrusiveList() {
        Hakmem hk = HakmemTest.create(HakmemOption.TINY_TLS_SLL, "intrusive", HakmemOption.CHECK_LEVEL, "checked");
        long a = hk.malloc(32);
        long b = hk.malloc(32);
        hk.free(a);
        hk.free(b);
        NativeMemory.putLong(b, 0x4242_4242_4240L);
        // The next malloc pops b and would follow its link: the link is validated first.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> hk.malloc(32));
        assertTrue(e.getMessage().contains("write after free"), e.getMessage());
    }

    @Test
    void theCheckedLevelCatchesADoubleFreeAtTheCall() {
        Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked");
        long p = hk.malloc(40);
        hk.free(p);
        assertEquals(GuardReason.ALREADY_FREE, refused(hk, p));
        assertEquals(1, hk.stats().box("checker").counter("doubleFreesCaught"));
        stillHealthy(hk);
    }

    @Test
    void theCheckedLevelStaysQuietOnCorrectChurn() {
        Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked");
        SplittableRandom rnd = new SplittableRandom(21);
        long[] slot = new long[256];
        long[] size = new long[256];
        for (int i = 0; i < 100_000; i++) {
            int k = rnd.nextInt(slot.length);
            if (slot[k] != 0) {
                NativeMemory.putByte(slot[k] + size[k] - 1, (byte) 1);
                hk.free(slot[k]);
            }
            size[k] = 16L + rnd.nextInt(1009);
            slot[k] = hk.malloc(size[k]);
            NativeMemory.fill(slot[k], size[k], (byte) 3);
        }
        assertEquals(0, hk.stats().box("checker").counter("writesAfterFree"));
        assertEquals(0, hk.stats().box("checker").counter("overflows"));
        for (long p : slot) {
            hk.free(p);
        }
        stillHealthy(hk);
    }

    @Test
    void aWrongThreadHeapCallAtTheCheckedLevelChangesNothing() throws Exception {
        Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked");
        HakmemHeap mine = hk.heap();
        long p = mine.malloc(64);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                mine.free(p);
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        mine.free(p);
        assertEquals(0, hk.stats().box("checker").counter("doubleFreesCaught"), "the refused call left no record behind");
        stillHealthy(hk);
    }

    @Test
    void theCheckedLevelCatchesAWriteAfterFreeOnReuse() {
        Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked");
        long p = hk.malloc(100);
        hk.free(p);
        NativeMemory.putByte(p + 50, (byte) 7);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> hk.malloc(100));
        assertTrue(e.getMessage().contains("written after it was freed") && e.getMessage().contains(Long.toHexString(p)),
                e.getMessage());
        assertEquals(1, hk.stats().box("checker").counter("writesAfterFree"));
    }

    @Test
    void theCheckedLevelCatchesAWritePastTheEndOnFree() {
        Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked");
        long p = hk.malloc(24);
        assertEquals(24, hk.usableSize(p), "the checked level reports the requested size");
        NativeMemory.putByte(p + 24, (byte) 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> hk.free(p));
        assertTrue(e.getMessage().contains("past its end"), e.getMessage());
        assertEquals(1, hk.stats().box("checker").counter("overflows"));
        assertEquals(GuardReason.ALREADY_FREE, refused(hk, p), "it was freed all the same");
        stillHealthy(hk);
    }

    @Test
    void theCheckedLevelKeepsBlocksUpTo32KiBInMid() {
        for (String smallMid : new String[] {"0", "1"}) {
            Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked", HakmemOption.SMALLMID_ENABLE, smallMid);
            long p = hk.malloc(Hakmem.MID_MAX);
            long a = hk.mallocAligned(Hakmem.MID_MAX - 1, 16);
            MemorySegment m = hk.allocate(Hakmem.MID_MAX);
            assertEquals(0, hk.stats().box("large").counter("largeLive"),
                    "32 KiB and its canary fit Mid's largest class (Small-Mid " + smallMid + ")");
            assertTrue(hk.usableSizeUnchecked(p) >= BlockChecker.padded(Hakmem.MID_MAX), "room for the canary");
            hk.free(a);
            hk.free(m);
            NativeMemory.putByte(p + Hakmem.MID_MAX, (byte) 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> hk.free(p));
            assertTrue(e.getMessage().contains("past its end"), e.getMessage());
            stillHealthy(hk);
        }
    }

    @Test
    void theCheckedLevelKeepsEveryOrdinaryCallWorking() {
        Hakmem hk = HakmemTest.create(HakmemOption.CHECK_LEVEL, "checked", HakmemOption.TINY_TLS_SLL, "intrusive");
        long z = hk.calloc(0, 8);
        long c = hk.calloc(10, 10);
        long r = hk.realloc(hk.malloc(10), 5000);
        for (long align = 8; align <= 1 << 16; align <<= 1) {
            long a = hk.mallocAligned(align, align);
            assertEquals(0, a % align, "alignment " + align + " at the checked level");
            assertEquals(align, hk.usableSize(a));
            hk.free(a);
        }
        for (long size = 16; size <= 32768; size <<= 1) {
            long p = hk.malloc(size);
            assertEquals(0, p % (size <= CheckedHakmemHeap.NATURAL_MAX ? size : 64),
                    "a power of two keeps the default level's alignment at the checked level: " + size);
            hk.free(p);
        }
        hk.free(z);
        hk.free(c);
        hk.free(r);
        stillHealthy(hk);
        assertEquals(0, hk.stats().box("checker").counter("liveTracked"));
    }

    @Test
    void anotherThreadFreeingAnAlreadyFreedBlockIsRefusedOnDrain() throws Exception {
        Hakmem hk = HakmemTest.create();
        long p = hk.malloc(64);
        hk.free(p);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                hk.free(p);
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        t.start();
        t.join();
        hk.trim();
        assertEquals(null, seen.get());
        assertEquals(1, hk.stats().box("tiny-front").counter("doubleFreesRefused"));
        stillHealthy(hk);
    }

    @Test
    void aStaleFreeAfterTheBlockWasReusedFreesTheNewOwnersBlockButNeverCorruptsTheAllocator() {
        Hakmem hk = HakmemTest.create();
        long p = hk.malloc(64);
        hk.free(p);
        long q = hk.malloc(64);
        assertEquals(p, q, "LIFO reuse: the same block again");
        hk.free(p);
        hk.free(q);
        hk.trim();
        assertEquals(1, hk.stats().box("tiny-front").counter("doubleFreesRefused"),
                "the new owner's own free became the double free");
        stillHealthy(hk);
    }

    @Test
    void anUnsafeAllocateMemoryAddressIsForeign() throws Exception {
        Hakmem hk = HakmemTest.create();
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field f = unsafeClass.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object unsafe = f.get(null);
        long p = (long) unsafeClass.getMethod("allocateMemory", long.class).invoke(unsafe, 64L);
        try {
            assertEquals(GuardReason.FOREIGN, refused(hk, p));
        } finally {
            unsafeClass.getMethod("freeMemory", long.class).invoke(unsafe, p);
        }
        stillHealthy(hk);
    }

    @Test
    void theGuardsReportNamesReasonsAndSizeBands() {
        Hakmem hk = HakmemTest.create(HakmemOption.GUARD_POLICY, "count");
        long p = hk.malloc(64);
        hk.free(p + 8);
        hk.free(p + 3);
        hk.free(0x1000);
        BoxStats stats = hk.stats().box("external-guard");
        assertEquals(2, stats.counter("band.tiny (1-32832 B)"), stats.counters().toString());
        assertEquals(1, stats.counter("band.none"));
        assertEquals(1, stats.counter("rejected.interior"));
        assertEquals(1, stats.counter("rejected.unaligned"));
        hk.free(p);
        stillHealthy(hk);
    }

    @Test
    void nullFreeIsNothing() {
        Hakmem hk = HakmemTest.create();
        hk.free(0);
        hk.heap().free(0);
        assertEquals(0, hk.stats().box("external-guard").counter("rejected"));
        stillHealthy(hk);
    }

    /**
     * Valid and invalid operations mixed across two threads, fixed seeds, bounded: garbage,
     * interior and unaligned frees between real ones, under the count-only guard. The threads meet
     * at a barrier after each of {@value #PHASES} phases, where every box's invariants are checked
     * (the barrier orders the threads' writes before the check); every refusal is counted and
     * every live block keeps its pattern.
     */
    @Test
    void misuseFuzzAcrossTwoThreads() throws Exception {
        Hakmem hk = HakmemTest.create(HakmemOption.GUARD_POLICY, "count", HakmemOption.SMALLMID_ENABLE, 1);
        long[] expectedRefusals = new long[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] checks = new int[1];
        CyclicBarrier phase = new CyclicBarrier(2, () -> {
            hk.checkInvariants();
            checks[0]++;
        });
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    SplittableRandom rnd = new SplittableRandom(1000 + id);
                    long[] slot = new long[256];
                    for (int p = 0; p < PHASES; p++) {
                        for (int step = 0; step < 10_000; step++) {
                            int k = rnd.nextInt(slot.length);
                            int op = rnd.nextInt(10);
                            if (op == 0 && slot[k] != 0) {
                                hk.free(slot[k] + 8L * (1 + rnd.nextInt(2)));
                                expectedRefusals[id]++;
                            } else if (op == 1) {
                                hk.free(rnd.nextLong() | 1);
                                expectedRefusals[id]++;
                            } else {
                                if (slot[k] != 0) {
                                    if (NativeMemory.getLong(slot[k]) != slot[k] * 31 + id) {
                                        throw new AssertionError("block 0x" + Long.toHexString(slot[k]) + " was overwritten");
                                    }
                                    hk.free(slot[k]);
                                }
                                slot[k] = hk.malloc(16L + rnd.nextInt(40_000));
                                NativeMemory.putLong(slot[k], slot[k] * 31 + id);
                            }
                        }
                        phase.await(30, TimeUnit.SECONDS);
                    }
                    for (long b : slot) {
                        hk.free(b);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    phase.reset();
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(PHASES, checks[0], "invariants were checked after every phase");
        assertEquals(expectedRefusals[0] + expectedRefusals[1], hk.stats().box("external-guard").counter("rejected"));
        hk.trim();
        stillHealthy(hk);
    }

    private static final int PHASES = 6;
}
