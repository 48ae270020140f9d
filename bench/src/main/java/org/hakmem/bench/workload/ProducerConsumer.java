package org.hakmem.bench.workload;

import java.util.List;
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

    /**
     * Two cache lines of longs (128 bytes: the adjacent-line prefetcher fetches lines in pairs).
     * Why the positions sit this far apart: each thread stores its own on every block, and as two
     * objects allocated one after the other they shared a line, which the cores then passed back
     * and forth on every store; the larson workload lost two thirds of its speed to the same
     * effect in its counters.
     */
    private static final int LINE_LONGS = 16;
    /** Index in the positions array of the blocks produced so far. */
    private static final int PRODUCED = 0;
    /** Index in the positions array of the blocks freed so far. */
    private static final int CONSUMED = LINE_LONGS;

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
        // The two positions, each on a cache line of its own (see PRODUCED): one array, so that
        // where the JVM places objects cannot put them side by side.
        AtomicLongArray positions = new AtomicLongArray(2 * LINE_LONGS);
        AtomicBoolean failed = new AtomicBoolean();
        long start = seed;
        long[] end = new long[1];
        long[] freed = new long[1];
        Workers.Task producer = s -> {
            try {
                long x = start;
                // The consumer's position as last read: read again only when the ring looks full.
                long room = RING;
                for (long i = 0; i < blocks; i++) {
                    while (i >= room) {
                        if (failed.get()) {
                            return;
                        }
                        room = positions.getAcquire(CONSUMED) + RING;
                        if (i >= room) {
                            Thread.onSpinWait();
                        }
                    }
                    x = Xorshift.next(x);
                    long size = 16 + Long.remainderUnsigned(x, 1009);
                    long h = s.malloc(size);
                    s.touch(h, size);
                    ring.setRelease((int) (i & (RING - 1)), h);
                    positions.setRelease(PRODUCED, i + 1);
                }
                end[0] = x;
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            }
        };
        Workers.Task consumer = s -> {
            long n = 0;
            try {
                // The producer's position as last read: read again only when every block up to it is freed.
                long ready = 0;
                for (long i = 0; i < blocks; i++) {
                    while (i >= ready) {
                        if (failed.get()) {
                            return;
                        }
                        ready = positions.getAcquire(PRODUCED);
                        if (i >= ready) {
                            Thread.onSpinWait();
                        }
                    }
                    s.free(ring.getAcquire((int) (i & (RING - 1))));
                    positions.setRelease(CONSUMED, i + 1);
                    n++;
                }
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            } finally {
                freed[0] = n;
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
