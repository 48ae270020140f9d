package org.hakmem.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.hakmem.bench.workload.Larson;
import org.hakmem.bench.workload.ProducerConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The multi-thread workloads on one subject: larson-like with 2 threads (each invocation: one
 * round of {@link Larson#PER_SWAP} replacements per thread and a swap; worksets are full after
 * setup, so a replacement is a free and a malloc) and producer-consumer (each invocation moves
 * {@link #BLOCKS} blocks; the score counts frees).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThreadsBench {

    /** Blocks per producer-consumer invocation. */
    public static final int BLOCKS = 1 << 16;

    /** The subject, see {@link Subjects#KNOWN}. */
    @Param({"hakmem-heap"})
    public String subject;

    private Subject s;
    private Larson larson;
    private ProducerConsumer pc;

    /** Creates the subject; fills the larson worksets. */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        s = Subjects.create(subject, true);
        larson = new Larson(s, 2);
        larson.run(1);
        pc = new ProducerConsumer(s);
    }

    /** Larson-like, 2 threads: one round of replacements per thread. */
    @Benchmark
    @OperationsPerInvocation(2 * 2 * Larson.PER_SWAP)
    public long larson() throws InterruptedException {
        return larson.run(1);
    }

    /** Producer-consumer: {@link #BLOCKS} blocks through the ring. */
    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public long producerConsumer() throws InterruptedException {
        return pc.run(BLOCKS);
    }

    /** Frees every block and closes the subject. */
    @TearDown(Level.Trial)
    public void tearDown() {
        larson.freeAll();
        larson.close();
        pc.close();
        s.close();
    }
}
