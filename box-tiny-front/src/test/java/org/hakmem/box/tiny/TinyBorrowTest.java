package org.hakmem.box.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.SizeClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refill that would carve fresh blocks takes a free block of a class at most a quarter larger
 * instead ({@code TinyHeap.borrow}): from that class's list, else its slabs' given-back blocks;
 * never from a class further up, never for a class under 1 KiB; the block stays its own class's.
 */
class TinyBorrowTest {

    private static final SizeClasses W = SizeClasses.WIDE;
    /** Served by class 4160; the next classes up are 4608, 5120 (both within a quarter), 5632 (not). */
    private static final int ASK = 4096;

    static Stream<TinyFrontTest.Lists> lists() {
        return TinyFrontTest.lists();
    }

    private static long borrowed(TinyFront t, int size) {
        return t.stats().classes().get(W.classOf(size)).counters().get("borrowed");
    }

    /** Allocates {@code n} blocks of {@code size}, each written end to end, then frees them all. */
    private static Set<Long> allocateAndFree(TinyHeap h, int size, int n) {
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long p = h.allocate(size);
            NativeMemory.putLong(p, p);
            NativeMemory.putLong(p + size - 8, p);
            blocks.add(p);
        }
        blocks.forEach(p -> assertTrue(h.free(p)));
        return new HashSet<>(blocks);
    }

    @ParameterizedTest
    @MethodSource("lists")
    void anEmptyClassTakesTheNextClassesFreeBlockWhichGoesBackThere(TinyFrontTest.Lists l) {
        TinyFront t = TinyListBoundsTest.wide(l);
        TinyHeap h = t.heap();
        // 5120 is two classes up; 4608, between, has no list yet.
        Set<Long> freed = allocateAndFree(h, 5120, 10);
        int lender = W.classOf(5120);
        int listed = h.listed(lender).length;
        long b = h.allocate(ASK);
        assertTrue(freed.contains(b), "a freed 5120 B block, not a fresh one");
        assertEquals(5120, t.usableSize(b));
        assertEquals(1, borrowed(t, ASK));
        assertEquals(listed - 1, h.listed(lender).length);
        NativeMemory.putLong(b + ASK - 8, 42);
        assertTrue(h.free(b));
        assertEquals(listed, h.listed(lender).length, "the block went back to its own class's list");
        assertEquals(b, h.allocate(5120));
        assertTrue(h.free(b));
        t.checkInvariants();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void whenTheNextClassesListIsEmptyItsGivenBackBlocksLend(TinyFrontTest.Lists l) {
        TinyFront t = TinyListBoundsTest.wide(l);
        TinyHeap h = t.heap();
        int d = W.classOf(4608);
        // More than its list holds (227 blocks of 4608 B in 1 MiB): the rest are given back to the slabs.
        Set<Long> freed = allocateAndFree(h, 4608, 300);
        assertTrue(h.spills[d] > 0);
        int listed = h.listed(d).length;
        Set<Long> held = new HashSet<>();
        for (int i = 0; i < listed; i++) {
            held.add(h.allocate(4608));
        }
        assertEquals(0, h.listed(d).length);
        long b = h.allocate(ASK);
        assertTrue(freed.contains(b) && !held.contains(b), "a given-back 4608 B block");
        assertEquals(4608, t.usableSize(b));
        assertEquals(1, borrowed(t, ASK));
        held.add(b);
        t.checkInvariants();
        held.forEach(p -> assertTrue(h.free(p)));
        t.checkInvariants();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void borrowingGoesPastAQueuedSlabItEmptiedToTheNextOne(TinyFrontTest.Lists l) {
        TinyFront t = TinyListBoundsTest.wide(l);
        TinyHeap h = t.heap();
        int d = W.classOf(4608);
        // Three slabs of 227 blocks; one block of each stays out, so none of them goes back to the pool.
        List<Long> blocks = new ArrayList<>();
        Set<TinySlab> kept = new HashSet<>();
        Set<Long> held = new HashSet<>();
        for (int i = 0; i < 3 * 227; i++) {
            long p = h.allocate(4608);
            NativeMemory.putLong(p, p);
            (kept.add(t.slabOf(p)) ? held : blocks).add(p);
        }
        assertEquals(3, kept.size());
        blocks.forEach(p -> assertTrue(h.free(p)));
        for (int i = h.listed(d).length; i > 0; i--) {
            held.add(h.allocate(4608));
        }
        int givenBack = h.slabs(d).stream().mapToInt(TinySlab::freeCount).sum();
        assertTrue(h.queued(d).size() >= 2, "precondition: at least two queued slabs with given-back blocks");
        int lent = 0;
        long b = h.allocate(ASK);
        for (; t.usableSize(b) == 4608; b = h.allocate(ASK)) {
            held.add(b);
            lent++;
        }
        held.add(b);
        assertEquals(givenBack, lent, "every given-back 4608 B block lends before 4160 B blocks are carved");
        assertEquals(0, h.slabs(d).stream().mapToInt(TinySlab::freeCount).sum());
        t.checkInvariants();
        held.forEach(p -> assertTrue(h.free(p)));
        t.checkInvariants();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void noBlockIsBorrowedFromMoreThanAQuarterUpNorBySmallClasses(TinyFrontTest.Lists l) {
        TinyFront t = TinyListBoundsTest.wide(l);
        TinyHeap h = t.heap();
        Set<Long> big = allocateAndFree(h, 5632, 10);
        long b = h.allocate(ASK);
        assertFalse(big.contains(b));
        assertEquals(4160, t.usableSize(b), "carved in its own class");
        Set<Long> small = allocateAndFree(h, 32, 10);
        long s = h.allocate(16);
        assertFalse(small.contains(s));
        assertEquals(16, t.usableSize(s));
        Set<Long> mid = allocateAndFree(h, 1280, 10);
        long m = h.allocate(1000);
        assertTrue(mid.contains(m), "1024 B borrows from 1280 B");
        assertEquals(0, borrowed(t, ASK) + borrowed(t, 16));
        assertEquals(1, borrowed(t, 1000));
        for (long p : new long[] {b, s, m}) {
            assertTrue(h.free(p));
        }
        t.checkInvariants();
    }
}
