package org.hakmem.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.hakmem.bench.workload.Slots;
import org.hakmem.bench.workload.Workload;
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
 * The single-thread slot workloads (fixed-S, random-mixed, mixed-wide) on one subject. Every slot
 * is filled before measuring, so each step is exactly one free and one malloc: an invocation of
 * {@link #STEPS} steps is {@code 2 * STEPS} operations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SlotBench {

    /** Steps per invocation. */
    public static final int STEPS = 4096;

    /** The subject, see {@link Subjects#KNOWN}. */
    @Param({"hakmem-heap"})
    public String subject;

    /** The workload, see {@link Workload#labels()}. */
    @Param({"fixed-16"})
    public String workload;

    private Subject s;
    private Workload w;
    private Slots slots;

    /** Creates the subject and fills every slot. */
    @Setup(Level.Trial)
    public void setUp() {
        s = Subjects.create(subject, false);
        w = Workload.of(workload);
        slots = w.newSlots();
        w.fill(s, slots);
    }

    /** {@link #STEPS} steps of the workload. */
    @Benchmark
    @OperationsPerInvocation(2 * STEPS)
    public long run() {
        return w.run(s, slots, STEPS);
    }

    /** Frees every block and closes the subject. */
    @TearDown(Level.Trial)
    public void tearDown() {
        slots.freeAll(s);
        s.close();
    }
}
