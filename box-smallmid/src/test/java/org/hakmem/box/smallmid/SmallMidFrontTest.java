package org.hakmem.box.smallmid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.reference.ArenaRegionSource;
import org.hakmem.box.api.reference.SimpleSlabPool;
import org.junit.jupiter.api.Test;

/** Small-Mid on box-api's reference pool (this box needs nothing else). */
class SmallMidFrontTest {

    private static SmallMidFront front(SimpleSlabPool pool) {
        return new SmallMidFront(SizeClasses.powersOfTwo(256, 4096), pool, 16);
    }

    private static SimpleSlabPool pool() {
        return new SimpleSlabPool(new ArenaRegionSource(64 << 10), 2);
    }

    @Test
    void everySizeGetsANaturallyAlignedBlockOfItsClass() {
        SmallMidFront f = front(pool());
        Set<Long> seen = new HashSet<>();
        for (int size = 1; size <= 4096; size += 7) {
            long p = f.allocate(size);
            long usable = f.usableSize(p);
            assertTrue(usable >= size && (usable == 256 || usable < 2L * size), size + " -> " + usable);
            assertEquals(0, p % usable);
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
    void patternsSurviveChurnAndEmptySlabsGoBack() {
        SimpleSlabPool pool = pool();
        SmallMidFront f = front(pool);
        SmallMidHeap h = f.heap();
        SplittableRandom rnd = new SplittableRandom(1);
        long[] slot = new long[256];
        for (int step = 0; step < 50_000; step++) {
            int i = rnd.nextInt(slot.length);
            if (slot[i] != 0) {
                assertEquals(slot[i] ^ 0x5555, NativeMemory.getLong(slot[i]));
                h.free(slot[i]);
            }
            slot[i] = h.allocate(256 + rnd.nextInt(3841));
            NativeMemory.putLong(slot[i], slot[i] ^ 0x5555);
        }
        f.checkInvariants();
        for (long p : slot) {
            h.free(p);
        }
        f.checkInvariants();
    }

    @Test
    void freesFromOtherThreadsAndDeadThreadsComeBack() throws Exception {
        SimpleSlabPool pool = pool();
        SmallMidFront f = front(pool);
        long[] blocks = new long[2000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = f.allocate(1024);
        }
        Thread t = Thread.ofVirtual().start(() -> {
            for (long b : blocks) {
                f.free(b);
            }
        });
        t.join();
        f.trim();
        assertEquals(1, f.stats().counter("heaps"), "the freeing thread's heap was reaped");
        f.checkInvariants();
        assertEquals(0, pool.stats().counter("slabsActive"), "every slab is empty again and went back to the pool");
    }

    @Test
    void misuseIsRefused() throws Exception {
        SmallMidFront f = front(pool());
        SmallMidHeap h = f.heap();
        long p = h.allocate(300);
        assertFalse(f.free(p + 16));
        assertFalse(f.free(0x4000));
        assertThrows(IllegalArgumentException.class, () -> h.allocate(4097));
        assertThrows(IllegalArgumentException.class, () -> h.allocate(0));
        Thread other = new Thread(() -> assertThrows(IllegalStateException.class, () -> h.free(p)));
        other.start();
        other.join();
        f.checkInvariants();
        assertTrue(h.free(p));
    }
}
