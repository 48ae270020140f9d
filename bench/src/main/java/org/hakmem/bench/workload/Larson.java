package org.hakmem.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Exchanger;
import java.util.concurrent.TimeUnit;
import org.hakmem.bench.subject.Subject;

/**
 * The larson-like workload: each thread replaces random blocks of its own workset of 1000
 * (sizes {@code 16 + rng % 1009}); every 10,000 replacements the threads swap worksets through an
 * {@link Exchanger}, so each frees blocks another allocated. Score: total ops/s.
 *
 * <p>Worksets persist across {@link #run} calls (the steady state: every replacement is a free
 * and a malloc). The thread count must be even so every exchange has a partner.
 */
public final class Larson implements AutoCloseable {

    /** Blocks per workset. */
    public static final int WORKSET = 1000;
    /** Replacements between two swaps. */
    public static final int PER_SWAP = 10_000;

    private final Subject subject;
    private final Workers workers;
    private final int threads;
    private final long[][] worksets;
    private final long[] seeds;
    /** malloc and free calls so far, all threads. */
    public long mallocs;
    /** free calls so far, all threads. */
    public long frees;

    /**
     * @param subject the subject; each thread uses its own {@link Subject#forThread()} view
     * @param threads an even number of threads, at least 2
     */
    public Larson(Subject subject, int threads) {
        if (threads < 2 || threads % 2 != 0) {
            throw new IllegalArgumentException("larson needs an even number of threads >= 2, got " + threads);
        }
        this.subject = subject;
        this.workers = new Workers(subject, threads, "larson");
        this.threads = threads;
        this.worksets = new long[threads][WORKSET];
        this.seeds = new long[threads];
        for (int t = 0; t < threads; t++) {
            seeds[t] = Xorshift.SEED + t;
        }
    }

    /**
     * Runs {@code rounds} rounds of {@link #PER_SWAP} replacements per thread, swapping after each.
     * Returns the operations done.
     */
    public long run(int rounds) throws InterruptedException {
        Exchanger<long[]> exchanger = new Exchanger<>();
        long[] mallocsBy = new long[threads];
        long[] freesBy = new long[threads];
        List<Workers.Task> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            tasks.add(s -> {
                long[] w = worksets[id];
                long x = seeds[id];
                // Counted in locals and stored once: the threads' slots of mallocsBy and freesBy
                // share a cache line, and a store to it on every replacement made the two cores
                // pass that line back and forth, which capped every subject near the same figure.
                long mallocs = 0;
                long frees = 0;
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < PER_SWAP; k++) {
                        x = Xorshift.next(x);
                        int i = (int) Long.remainderUnsigned(x, WORKSET);
                        x = Xorshift.next(x);
                        long size = 16 + Long.remainderUnsigned(x, 1009);
                        if (w[i] != 0) {
                            s.free(w[i]);
                            frees++;
                        }
                        long h = s.malloc(size);
                        s.touch(h, size);
                        w[i] = h;
                        mallocs++;
                    }
                    w = exchanger.exchange(w, 60, TimeUnit.SECONDS);
                }
                worksets[id] = w;
                seeds[id] = x;
                mallocsBy[id] = mallocs;
                freesBy[id] = frees;
            });
        }
        workers.runAll(tasks);
        long ops = 0;
        for (int t = 0; t < threads; t++) {
            mallocs += mallocsBy[t];
            frees += freesBy[t];
            ops += mallocsBy[t] + freesBy[t];
        }
        return ops;
    }

    /** Blocks held in the worksets now. */
    public int live() {
        int n = 0;
        for (long[] w : worksets) {
            for (long h : w) {
                n += h != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        workers.close();
    }

    /** Frees every block of every workset (from the calling thread: blocks of others' heaps travel back). */
    public void freeAll() {
        Subject s = subject.forThread();
        for (long[] w : worksets) {
            for (int i = 0; i < w.length; i++) {
                if (w[i] != 0) {
                    s.free(w[i]);
                    w[i] = 0;
                    frees++;
                }
            }
        }
    }
}
