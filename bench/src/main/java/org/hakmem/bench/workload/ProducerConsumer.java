package org.hakmem.bench.workload;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hakmem.bench.subject.Subject;

/**
 * The producer-consumer workload: one thread mallocs ({@code 16 + rng % 1009} bytes) into a
 * 4096-slot single-producer single-consumer ring, another frees. Score: frees/s.
 */
public final class ProducerConsumer implements AutoCloseable {

    /** Ring slots. */
    public static final int RING = 4096;

    private final Workers workers;
    private long seed = Xorshift.SEED;
    /** malloc calls so far. */
    public long mallocs;
    /** free calls so far. */
    public long frees;

    /** @param subject the subject; producer and consumer use their own views */
    public ProducerConsumer(Subject subject) {
        this.workers = new Workers(subject, 2, "producer-consumer");
    }

    /** Moves {@code blocks} blocks through the ring; returns the frees done (== blocks). */
    public long run(long blocks) throws InterruptedException {
        AtomicLongArray ring = new AtomicLongArray(RING);
        AtomicLong produced = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicBoolean failed = new AtomicBoolean();
        long start = seed;
        long[] end = new long[1];
        long[] freed = new long[1];
        Workers.Task producer = s -> {
            try {
                long x = start;
                for (long i = 0; i < blocks; i++) {
                    while (i - consumed.get() >= RING) {
                        if (failed.get()) {
                            return;
                        }
                        Thread.onSpinWait();
                    }
                    x = Xorshift.next(x);
                    long size = 16 + Long.remainderUnsigned(x, 1009);
                    long h = s.malloc(size);
                    s.touch(h, size);
                    ring.setRelease((int) (i & (RING - 1)), h);
                    produced.setRelease(i + 1);
                }
                end[0] = x;
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            }
        };
        Workers.Task consumer = s -> {
            try {
                for (long i = 0; i < blocks; i++) {
                    while (produced.getAcquire() <= i) {
                        if (failed.get()) {
                            return;
                        }
                        Thread.onSpinWait();
                    }
                    s.free(ring.getAcquire((int) (i & (RING - 1))));
                    consumed.setRelease(i + 1);
                    freed[0]++;
                }
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            }
        };
        workers.runAll(List.of(producer, consumer));
        seed = end[0];
        mallocs += blocks;
        frees += freed[0];
        return freed[0];
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        workers.close();
    }
}
