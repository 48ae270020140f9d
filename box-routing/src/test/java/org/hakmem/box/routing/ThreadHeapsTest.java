package org.hakmem.box.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hakmem.box.api.InvalidPointerException;
import org.junit.jupiter.api.Test;

/** The convenience API's heap cache: each call finds its own thread's heap of the allocator it asked. */
class ThreadHeapsTest {

    @Test
    void oneThreadAlternatingBetweenTwoAllocatorsGetsEachOnesHeap() {
        Hakmem a = HakmemTest.create();
        Hakmem b = HakmemTest.create();
        HakmemHeap ha = a.heap();
        HakmemHeap hb = b.heap();
        assertNotSame(ha, hb, "each allocator has its own heap for this thread");
        for (int i = 0; i < 100; i++) {
            assertSame(ha, a.heap(), "the cache slot held b's heap, yet a's comes back");
            assertSame(hb, b.heap(), "the cache slot held a's heap, yet b's comes back");
            long pa = a.malloc(48);
            long pb = b.malloc(48);
            assertTrue(a.usableSize(pa) >= 48 && b.usableSize(pb) >= 48, "each block is a live block of its allocator");
            assertThrows(InvalidPointerException.class, () -> a.usableSize(pb), "b's block is not a's");
            a.free(pa);
            b.free(pb);
        }
        a.checkInvariants();
        b.checkInvariants();
    }

    @Test
    void threadsSharingAHeapCacheSlotEachGetTheirOwnHeap() throws Exception {
        Hakmem hk = HakmemTest.create();
        List<HakmemHeap> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Runnable use = () -> {
            HakmemHeap h = hk.heap();
            assertEquals(Thread.currentThread(), h.thread(), "the handle belongs to its caller");
            long p = hk.malloc(24);
            hk.free(p);
            assertEquals(h, hk.heap(), "and the same handle comes back on the next call");
            synchronized (seen) {
                seen.add(h);
            }
        };
        Thread first = Thread.ofPlatform().unstarted(use);
        threads.add(first);
        // Thread ids are sequential: make threads until one lands on the first one's slot.
        Thread clash;
        do {
            clash = Thread.ofPlatform().unstarted(use);
        } while (((clash.threadId() - first.threadId()) & (ThreadHeaps.SLOTS - 1)) != 0);
        threads.add(clash);
        threads.add(Thread.ofVirtual().unstarted(use));
        for (Thread t : threads) {
            t.start();
            t.join();
        }
        // A thread on this thread's slot, both calling at once: each still finds its own heap.
        Runnable many = () -> {
            for (int i = 0; i < 1000; i++) {
                use.run();
            }
        };
        Thread rival;
        do {
            rival = Thread.ofPlatform().unstarted(many);
        } while (((rival.threadId() - Thread.currentThread().threadId()) & (ThreadHeaps.SLOTS - 1)) != 0);
        rival.start();
        many.run();
        rival.join();
        assertEquals(3 + 2 * 1000, seen.size(), "no call failed");
        hk.trim();
        for (HakmemHeap h : ThreadHeaps.CACHE) {
            assertTrue(h == null || h.thread().isAlive(), "trim forgets the heaps of ended threads");
        }
        assertEquals(5, seen.stream().map(HakmemHeap::thread).distinct().count());
        for (HakmemHeap h : seen) {
            assertEquals(1, seen.stream().filter(o -> o.thread() == h.thread()).map(System::identityHashCode).distinct().count(),
                    "one heap per thread");
        }
        hk.checkInvariants();
    }
}
