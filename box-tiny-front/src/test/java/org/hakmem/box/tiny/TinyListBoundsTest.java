package org.hakmem.box.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.reference.ArenaRegionSource;
import org.hakmem.box.api.reference.SimpleSlabPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How much a thread keeps for large classes: lists bounded in bytes ({@link TinyFront#LIST_BYTES}),
 * refills that carve few fresh blocks ({@link TinyFront#FRESH_BYTES}), and given-back blocks
 * reused before fresh ones are carved.
 */
class TinyListBoundsTest {

    private static final int BIG = 32832;
    /** 31 blocks of {@value #BIG} B per 1 MiB slab. */
    private static final int PER_SLAB = (1 << 20) / BIG;

    static java.util.stream.Stream<TinyFrontTest.Lists> lists() {
        return TinyFrontTest.lists();
    }

    /** A front of every wide class on 1 MiB slabs, refills of 32 and lists of 256 (also {@link TinyBorrowTest}'s). */
    static TinyFront wide(TinyFrontTest.Lists l) {
        return new TinyFront(SizeClasses.WIDE, BIG, new SimpleSlabPool(new ArenaRegionSource(1 << 20), 1), l.factory(), 32,
                256);
    }

    @Test
    void aListHoldsAtMostAMebibyteOfBlocksButNeverLessThanARefill() {
        TinyFront t = wide(TinyFrontTest.lists().findFirst().orElseThrow());
        SizeClasses c = SizeClasses.WIDE;
        assertEquals(256, t.listCapacity(c.classOf(16)));
        assertEquals(252, t.listCapacity(c.classOf(4096)), "1 MiB of 4160 B blocks");
        assertEquals(63, t.listCapacity(c.classOf(16448)));
        assertEquals(32, t.listCapacity(c.classOf(BIG)), "31 would fit in 1 MiB; a refill is 32");
        assertEquals(32, t.freshPerRefill(c.classOf(16)), "the refill count bounds small classes");
        assertEquals(15, t.freshPerRefill(c.classOf(4096)), "64 KiB of 4160 B blocks");
        assertEquals(8, t.freshPerRefill(c.classOf(BIG)), "never fewer than eight");
    }

    @ParameterizedTest
    @MethodSource("lists")
    void freedLargeBlocksSpillPastTheBoundAndComeBackWhole(TinyFrontTest.Lists l) {
        TinyFront t = wide(l);
        TinyHeap h = t.heap();
        int c = SizeClasses.WIDE.classOf(BIG);
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long p = h.allocate(BIG);
            NativeMemory.putLong(p + BIG - 8, p);
            blocks.add(p);
            if (i == 0) {
                assertEquals(8, h.slabs(c).get(0).carved, "the first refill carved eight fresh blocks, not 32");
            }
        }
        for (long p : blocks) {
            assertEquals(p, NativeMemory.getLong(p + BIG - 8));
            assertTrue(h.free(p));
        }
        assertTrue(h.listed(c).length <= 32, "list holds " + h.listed(c).length);
        assertTrue(h.spills[c] > 0);
        t.checkInvariants();
        Set<Long> again = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            again.add(h.allocate(BIG));
        }
        assertEquals(200, again.size(), "no block handed out twice");
        again.forEach(h::free);
        t.checkInvariants();
    }

    /**
     * Every other block of seven slabs freed (no slab wholly free, the last one current with
     * room to carve), then as many allocated: all come from the list and the given-back blocks,
     * in the current slab and in the others, and no slab carves a fresh block.
     */
    @ParameterizedTest
    @MethodSource("lists")
    void aClassThatShrankReusesItsGivenBackBlocksBeforeCarving(TinyFrontTest.Lists l) {
        TinyFront t = wide(l);
        TinyHeap h = t.heap();
        int c = SizeClasses.WIDE.classOf(BIG);
        int n = 6 * PER_SLAB + 10;
        long[] blocks = new long[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = h.allocate(BIG);
        }
        assertEquals(7, h.slabs(c).size());
        // Carved by the last refill but never handed out: as reusable as the freed ones.
        Set<Long> reusable = new HashSet<>();
        for (long b : h.listed(c)) {
            reusable.add(b);
        }
        int freed = 0;
        for (int i = 0; i < n; i += 2) {
            assertTrue(h.free(blocks[i]));
            reusable.add(blocks[i]);
            freed++;
        }
        int carved = carved(h, c);
        for (int i = 0; i < freed; i++) {
            long p = h.allocate(BIG);
            assertTrue(reusable.contains(p), "block " + i + " at 0x" + Long.toHexString(p) + " is neither freed nor listed");
        }
        assertEquals(carved, carved(h, c), "no fresh block carved");
        t.checkInvariants();
    }

    /**
     * Slabs queued with given-back blocks survive the rare paths: the owner's trim (its lists go
     * back, wholly free slabs leave the queue with the pool), and a thread's death (its slabs
     * become orphans, adopted by the next heap that needs the class).
     */
    @ParameterizedTest
    @MethodSource("lists")
    void queuedSlabsSurviveTrimAndTheirThreadsDeath(TinyFrontTest.Lists l) throws Exception {
        TinyFront t = wide(l);
        int c = SizeClasses.WIDE.classOf(BIG);
        long[] kept = new long[100];
        Thread th = Thread.ofVirtual().start(() -> {
            TinyHeap h = t.heap();
            long[] b = new long[200];
            for (int i = 0; i < b.length; i++) {
                b[i] = h.allocate(BIG);
            }
            for (int i = 0; i < b.length; i++) {
                if (i % 2 == 0) {
                    kept[i / 2] = b[i];
                } else {
                    h.free(b[i]);
                }
            }
            t.checkInvariants();
            assertTrue(!h.queued(c).isEmpty(), "spilled blocks queued their slabs");
            t.trim();
            t.checkInvariants();
        });
        th.join();
        t.trim();
        t.checkInvariants();
        Set<Long> out = new HashSet<>();
        for (long p : kept) {
            out.add(p);
        }
        TinyHeap mine = t.heap();
        for (int i = 0; i < 100; i++) {
            assertTrue(out.add(mine.allocate(BIG)), "a block handed out twice");
        }
        assertTrue(t.stats().counter("orphanAdoptions") > 0, "the dead thread's slabs were adopted");
        t.checkInvariants();
        for (long p : out) {
            assertTrue(t.free(p));
        }
        t.trim();
        t.checkInvariants();
    }

    private static int carved(TinyHeap h, int c) {
        return h.slabs(c).stream().mapToInt(s -> s.carved).sum();
    }
}
