package org.hakmem.bench.workload;

import org.hakmem.bench.subject.Subject;

/**
 * The state of a slot workload, kept across batches so that a benchmark measures the steady
 * state: the slots' handles, the PRNG state and operation counts.
 */
public final class Slots {

    final long[] handle;
    long x = Xorshift.SEED;
    /** malloc calls so far. */
    public long mallocs;
    /** free calls so far. */
    public long frees;

    /** {@code n} empty slots. */
    public Slots(int n) {
        handle = new long[n];
    }

    /** Slots holding a block now. */
    public int live() {
        int n = 0;
        for (long h : handle) {
            n += h != 0 ? 1 : 0;
        }
        return n;
    }

    /** Frees every live block (the end of every slot workload). */
    public void freeAll(Subject s) {
        for (int i = 0; i < handle.length; i++) {
            if (handle[i] != 0) {
                s.free(handle[i]);
                handle[i] = 0;
                frees++;
            }
        }
    }
}
