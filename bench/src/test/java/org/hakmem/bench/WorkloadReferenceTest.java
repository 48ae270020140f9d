package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hakmem.bench.workload.Larson;
import org.hakmem.bench.workload.ProducerConsumer;
import org.hakmem.bench.workload.Slots;
import org.hakmem.bench.workload.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every workload against a small reference: the design's definition transcribed as plainly as
 * possible, counting mallocs and frees, hashing the size sequence and keeping the live set, so a
 * benchmark can never silently measure nothing (or something else).
 */
class WorkloadReferenceTest {

    private static final int STEPS = 5000;

    /** The reference: xorshift64 from the seed, slot drawn first, sizes as the design says. */
    private record Expected(long mallocs, long frees, long sizeHash, int live) {}

    private static Expected reference(Workload w) {
        int slots = w.slots();
        long[] slot = new long[slots];
        long x = 0x9E3779B97F4A7C15L;
        long mallocs = 0;
        long frees = 0;
        long hash = 17;
        for (int step = 0; step < STEPS; step++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            int i = (int) Long.remainderUnsigned(x, slots);
            long size;
            switch (w) {
                case RANDOM_MIXED -> {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    size = 16 + Long.remainderUnsigned(x, 1009);
                }
                case MIXED_WIDE -> {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    long e = 4 + Long.remainderUnsigned(x, 11);
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    size = (1L << e) + Long.remainderUnsigned(x, (1L << e) + 1);
                }
                default -> size = Long.parseLong(w.label().substring("fixed-".length()));
            }
            if (slot[i] != 0) {
                frees++;
            }
            slot[i] = 1;
            mallocs++;
            hash = hash * 31 + size;
        }
        int live = 0;
        for (long s : slot) {
            live += (int) s;
        }
        return new Expected(mallocs, frees, hash, live);
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void slotWorkloadsDoExactlyWhatTheDesignSays(Workload w) {
        RecordingSubject rec = new RecordingSubject();
        Slots st = w.newSlots();
        long ops = 0;
        for (int done = 0; done < STEPS; done += 1000) {
            ops += w.run(rec, st, 1000);
        }
        Expected e = reference(w);
        assertEquals(e.mallocs(), rec.mallocs, "mallocs");
        assertEquals(e.frees(), rec.frees, "frees");
        assertEquals(e.mallocs() + e.frees(), ops, "ops = mallocs + frees");
        assertEquals(e.sizeHash(), rec.sizeHash, "the size sequence");
        assertEquals(e.live(), rec.liveCount(), "the live set");
        assertEquals(rec.mallocs, rec.touches, "every block is touched after its malloc");
        st.freeAll(rec);
        assertEquals(0, rec.liveCount());
        assertEquals(rec.mallocs, rec.frees);
    }

    @Test
    void larsonSwapsWorksetsAndCountsEveryOperation() throws Exception {
        RecordingSubject rec = new RecordingSubject();
        try (Larson l = new Larson(rec, 2)) {
            long ops = l.run(3);
            assertEquals(2L * 3 * Larson.PER_SWAP, rec.mallocs);
            assertEquals(rec.mallocs + rec.frees, ops);
            assertEquals(2 * Larson.WORKSET, rec.liveCount(), "both worksets are full");
            assertEquals(rec.liveCount(), l.live());
            assertEquals(rec.mallocs - rec.liveCount(), rec.frees);
            l.freeAll();
        }
        assertEquals(0, rec.liveCount());
    }

    @Test
    void producerConsumerFreesEveryBlockItMade() throws Exception {
        RecordingSubject rec = new RecordingSubject();
        try (ProducerConsumer pc = new ProducerConsumer(rec)) {
            assertEquals(20_000, pc.run(20_000));
            assertEquals(10_000, pc.run(10_000));
        }
        assertEquals(30_000, rec.mallocs);
        assertEquals(30_000, rec.frees);
        assertEquals(0, rec.liveCount());
    }
}
