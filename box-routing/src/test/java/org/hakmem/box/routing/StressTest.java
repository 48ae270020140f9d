package org.hakmem.box.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.HakmemOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multi-threaded stress with deterministic randomness (xorshift64, as the bench workloads):
 * every block carries a pattern derived from its address and the thread that allocated it,
 * checked before every free. Bounded: each case runs a fixed number of operations.
 */
class StressTest {

    private static long xorshift(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }

    /** The pattern a block of {@code owner} at {@code address} carries in its first and last 8 bytes. */
    private static long pattern(long address, long owner) {
        return address * 0x9E3779B97F4A7C15L ^ owner;
    }

    private static void stamp(long p, long size, long owner) {
        NativeMemory.putLong(p, pattern(p, owner));
        NativeMemory.putLong(p + size - 8, pattern(p, owner) + size);
    }

    private static void verify(long p, long size, long owner) {
        long a = NativeMemory.getLong(p);
        long b = NativeMemory.getLong(p + size - 8);
        if (a != pattern(p, owner) || b != pattern(p, owner) + size) {
            throw new AssertionError("block 0x" + Long.toHexString(p) + " of thread " + owner + " (" + size + " B) was overwritten");
        }
    }

    /** A workset: blocks, their sizes and the thread that allocated each. */
    private static final class Workset {
        final long[] block;
        final long[] size;
        final long[] owner;

        Workset(int n) {
            block = new long[n];
            size = new long[n];
            owner = new long[n];
        }
    }

    /**
     * A size from {@code x}: 16..1024 B ({@code wide} false), or mixed-wide's 16 B .. 32 KiB,
     * log-uniform, where Tiny's classes from 1 KiB up borrow from the next ones.
     */
    private static long sizeOf(long x, boolean wide) {
        if (!wide) {
            return 16 + Long.remainderUnsigned(x >>> 20, 1009);
        }
        int e = 4 + (int) Long.remainderUnsigned(x >>> 20, 11);
        return (1L << e) + Long.remainderUnsigned(x >>> 24, (1L << e) + 1);
    }

    @ParameterizedTest
    @CsvSource({"magazine, false", "intrusive, false", "magazine, true", "intrusive, true"})
    void larsonLikeThreadsSwapWorksetsAndFreeEachOthersBlocks(String lists, boolean wide) throws Exception {
        Hakmem hk = HakmemTest.create(HakmemOption.TINY_TLS_SLL, lists);
        int threads = 3;
        int rounds = 20;
        Exchanger<Workset> exchanger = new Exchanger<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        List<Workset> finals = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long id = t + 1L;
            Thread th = new Thread(() -> {
                try {
                    HakmemHeap h = hk.heap();
                    Workset w = new Workset(1000);
                    long x = 0x9E3779B97F4A7C15L + id;
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < 10_000; i++) {
                            x = xorshift(x);
                            int k = (int) Long.remainderUnsigned(x, 1000);
                            if (w.block[k] != 0) {
                                verify(w.block[k], w.size[k], w.owner[k]);
                                h.free(w.block[k]);
                            }
                            long size = sizeOf(x, wide);
                            long p = h.malloc(size);
                            stamp(p, size, id);
                            w.block[k] = p;
                            w.size[k] = size;
                            w.owner[k] = id;
                        }
                        if (threads % 2 == 0 || id < threads) {
                            w = exchanger.exchange(w, 10, TimeUnit.SECONDS);
                        }
                    }
                    synchronized (finals) {
                        finals.add(w);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        hk.checkInvariants();
        for (Workset w : finals) {
            for (int k = 0; k < w.block.length; k++) {
                if (w.block[k] != 0) {
                    verify(w.block[k], w.size[k], w.owner[k]);
                    hk.free(w.block[k]);
                }
            }
        }
        hk.trim();
        hk.checkInvariants();
        assertTrue(hk.stats().box("tiny-front").counter("remoteFrees") > 0, "worksets were swapped: some frees were remote");
        if (wide) {
            long borrowed = hk.stats().box("tiny-front").classes().stream()
                    .mapToLong(c -> c.counters().get("borrowed")).sum();
            assertTrue(borrowed > 0, "classes from 1 KiB up borrowed from the next ones");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"magazine", "intrusive"})
    void producerConsumerThroughARing(String lists) throws Exception {
        Hakmem hk = HakmemTest.create(HakmemOption.TINY_TLS_SLL, lists);
        int n = 400_000;
        AtomicLongArray ring = new AtomicLongArray(4096);
        AtomicLong head = new AtomicLong();
        AtomicLong tail = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                HakmemHeap h = hk.heap();
                long x = 0x9E3779B97F4A7C15L;
                for (long i = 0; i < n; i++) {
                    while (i - tail.get() >= ring.length()) {
                        Thread.onSpinWait();
                    }
                    x = xorshift(x);
                    long size = 16 + Long.remainderUnsigned(x, 1009);
                    long p = h.malloc(size);
                    stamp(p, 16, size);
                    ring.set((int) (i % ring.length()), p);
                    head.set(i + 1);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        Thread consumer = new Thread(() -> {
            try {
                HakmemHeap h = hk.heap();
                long x = 0x9E3779B97F4A7C15L;
                for (long i = 0; i < n; i++) {
                    while (head.get() <= i) {
                        Thread.onSpinWait();
                    }
                    x = xorshift(x);
                    long size = 16 + Long.remainderUnsigned(x, 1009);
                    long p = ring.get((int) (i % ring.length()));
                    verify(p, 16, size);
                    h.free(p);
                    tail.set(i + 1);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        hk.trim();
        hk.checkInvariants();
        assertTrue(hk.stats().box("tiny-front").counter("remoteFrees") > 0);
    }

    @Test
    void poolThreadsWhoseThreadLocalsAreClearedKeepOneHeapEach() throws Exception {
        Hakmem hk = HakmemTest.create();
        ForkJoinPool pool = ForkJoinPool.commonPool();
        for (int i = 0; i < 500; i++) {
            pool.submit(() -> hk.free(hk.malloc(64))).get();
        }
        // One heap per thread that ran a task (pool workers, a spare, or this thread helping), never one per task.
        long workers = Math.max(1, pool.getParallelism());
        assertTrue(hk.stats().box("tiny-front").counter("heapsCreated") <= workers + 3,
                "one heap per pool thread, not per task: " + hk.stats().box("tiny-front").counter("heapsCreated") + " for 500 tasks");
        hk.checkInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void tenThousandShortLivedThreadsLeaveNothingBehind(boolean virtual) throws Exception {
        Hakmem hk = HakmemTest.create(HakmemOption.SMALLMID_ENABLE, 1);
        long kept = hk.malloc(8);
        int total = virtual ? 10_000 : 2_000;
        long mappedAfterWarmup = 0;
        for (int batch = 0; batch < total / 100; batch++) {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Runnable work = () -> {
                    long[] b = new long[24];
                    for (int j = 0; j < b.length; j++) {
                        b[j] = hk.malloc(16L << (j % 12));
                    }
                    for (long p : b) {
                        hk.free(p);
                    }
                };
                ts.add(virtual ? Thread.ofVirtual().start(work) : Thread.ofPlatform().start(work));
            }
            for (Thread t : ts) {
                t.join();
            }
            if (batch == 10) {
                hk.trim();
                mappedAfterWarmup = hk.mappedBytes();
            }
        }
        hk.trim();
        assertEquals(1, hk.stats().box("tiny-front").counter("heaps"), "only this thread's heap is left");
        assertTrue(hk.mappedBytes() <= mappedAfterWarmup, "no growth: " + hk.mappedBytes() + " mapped after, "
                + mappedAfterWarmup + " after warm-up");
        hk.checkInvariants();
        hk.free(kept);
    }
}
