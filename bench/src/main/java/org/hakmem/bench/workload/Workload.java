package org.hakmem.bench.workload;

import java.util.Arrays;
import java.util.List;
import org.hakmem.bench.subject.Subject;

/**
 * The single-thread slot workloads of the design, defined exactly so that figures compare
 * across runs and machines (ops = malloc calls + free calls; the first and last byte of every
 * block is written after its malloc; {@code %} is unsigned).
 *
 * <ul>
 *   <li>{@code fixed-S}: 128 slots; {@code i = rng % 128}; free slot i if full; {@code slot[i] = malloc(S)}.</li>
 *   <li>{@code random-mixed}: 256 slots; slot drawn first, then size {@code 16 + rng % 1009}.</li>
 *   <li>{@code mixed-wide}: 1024 slots; {@code e = 4 + rng % 11}, size {@code 2^e + rng % (2^e + 1)}.</li>
 * </ul>
 * Each draw advances the PRNG once ({@code x = next(x)}, then the value is {@code x}).
 */
public enum Workload {
    /** Fixed 16 B. */
    FIXED_16("fixed-16", 128, 16),
    /** Fixed 64 B. */
    FIXED_64("fixed-64", 128, 64),
    /** Fixed 256 B. */
    FIXED_256("fixed-256", 128, 256),
    /** Fixed 1 KiB. */
    FIXED_1024("fixed-1024", 128, 1024),
    /** Fixed 4 KiB. */
    FIXED_4096("fixed-4096", 128, 4096),
    /** Fixed 16 KiB. */
    FIXED_16384("fixed-16384", 128, 16384),
    /** 16 .. 1024 B. */
    RANDOM_MIXED("random-mixed", 256, 0),
    /** 16 B .. 32 KiB, log-uniform. */
    MIXED_WIDE("mixed-wide", 1024, 0);

    private final String label;
    private final int slots;
    private final long fixedSize;

    Workload(String label, int slots, long fixedSize) {
        this.label = label;
        this.slots = slots;
        this.fixedSize = fixedSize;
    }

    /** The name in reports and on the command line. */
    public String label() {
        return label;
    }

    /** Number of slots. */
    public int slots() {
        return slots;
    }

    /** Every label, in report order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Workload::label).toList();
    }

    /** The workload called {@code label}. */
    public static Workload of(String label) {
        for (Workload w : values()) {
            if (w.label.equals(label)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + label + "'; known: " + labels());
    }

    /** Fresh state for this workload. */
    public Slots newSlots() {
        return new Slots(slots);
    }

    /**
     * Runs {@code steps} steps on {@code s}; returns the operations done (mallocs + frees).
     * The hot loop is written once per shape, each a separate method the JIT compiles on its own.
     */
    public long run(Subject s, Slots st, int steps) {
        return switch (this) {
            case RANDOM_MIXED -> randomMixed(s, st, steps);
            case MIXED_WIDE -> mixedWide(s, st, steps);
            default -> fixed(s, st, steps, fixedSize);
        };
    }

    /** Steps until every slot holds a block (the warm-up before measuring the steady state). */
    public void fill(Subject s, Slots st) {
        while (st.live() < slots) {
            run(s, st, slots);
        }
    }

    private static long fixed(Subject s, Slots st, int steps, long size) {
        long[] slot = st.handle;
        long x = st.x;
        long frees = 0;
        for (int k = 0; k < steps; k++) {
            x = Xorshift.next(x);
            // x % 128 (unsigned) is x & 127: 128 is a power of two.
            int i = (int) (x & 127);
            long h = slot[i];
            if (h != 0) {
                s.free(h);
                frees++;
            }
            h = s.malloc(size);
            s.touch(h, size);
            slot[i] = h;
        }
        st.x = x;
        st.mallocs += steps;
        st.frees += frees;
        return steps + frees;
    }

    private static long randomMixed(Subject s, Slots st, int steps) {
        long[] slot = st.handle;
        long x = st.x;
        long frees = 0;
        for (int k = 0; k < steps; k++) {
            x = Xorshift.next(x);
            int i = (int) (x & 255);
            x = Xorshift.next(x);
            long size = 16 + Long.remainderUnsigned(x, 1009);
            long h = slot[i];
            if (h != 0) {
                s.free(h);
                frees++;
            }
            h = s.malloc(size);
            s.touch(h, size);
            slot[i] = h;
        }
        st.x = x;
        st.mallocs += steps;
        st.frees += frees;
        return steps + frees;
    }

    private static long mixedWide(Subject s, Slots st, int steps) {
        long[] slot = st.handle;
        long x = st.x;
        long frees = 0;
        for (int k = 0; k < steps; k++) {
            x = Xorshift.next(x);
            int i = (int) (x & 1023);
            x = Xorshift.next(x);
            int e = 4 + (int) Long.remainderUnsigned(x, 11);
            x = Xorshift.next(x);
            long size = (1L << e) + Long.remainderUnsigned(x, (1L << e) + 1);
            long h = slot[i];
            if (h != 0) {
                s.free(h);
                frees++;
            }
            h = s.malloc(size);
            s.touch(h, size);
            slot[i] = h;
        }
        st.x = x;
        st.mallocs += steps;
        st.frees += frees;
        return steps + frees;
    }
}
