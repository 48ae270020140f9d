package org.hakmem.bench.workload;

/** The workloads' PRNG, exactly as the design defines it: xorshift64 13/7/17 from a fixed seed. */
public final class Xorshift {

    /** The seed every workload starts from. */
    public static final long SEED = 0x9E3779B97F4A7C15L;

    private Xorshift() {}

    /** The next state: {@code x ^= x << 13; x ^= x >>> 7; x ^= x << 17}. */
    public static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
