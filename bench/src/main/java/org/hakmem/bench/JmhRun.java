package org.hakmem.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hakmem.bench.jmh.SlotBench;
import org.hakmem.bench.jmh.ThreadsBench;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * One JMH measurement: one benchmark method, one subject (and workload), one forked JVM, with
 * the arguments every fair run needs. Returns the median of the measurement iterations.
 *
 * @param warmups      warm-up iterations
 * @param iterations   measurement iterations
 * @param millis       length of each iteration
 * @param forks        forked JVMs (each fork's iterations all count)
 */
record JmhRun(int warmups, int iterations, int millis, int forks) {

    /** JVM arguments of every fork: native access, Unsafe for Netty, Netty caches for ordinary threads. */
    static final List<String> FORK_ARGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Xms1g", "-Xmx1g");

    /** The result of one measurement: median, min and max of the iteration scores (ops/s). */
    record Score(double median, double min, double max, int n) {}

    /**
     * Measures one workload (a slot workload, {@link Comparison#LARSON} or
     * {@link Comparison#PRODUCER_CONSUMER}) on one subject, with extra fork arguments (A/B
     * configurations): the one place that maps a workload name to its benchmark.
     */
    Score measure(String workload, String subject, List<String> extraJvm, Path log) throws RunnerException {
        return switch (workload) {
            case Comparison.LARSON -> run(ThreadsBench.class, "larson", List.of("subject", subject), extraJvm, log);
            case Comparison.PRODUCER_CONSUMER -> run(ThreadsBench.class, "producerConsumer", List.of("subject", subject), extraJvm, log);
            default -> run(SlotBench.class, "run", List.of("subject", subject, "workload", workload), extraJvm, log);
        };
    }

    /**
     * Runs {@code benchClass.method} with the given parameters.
     *
     * @param params   name, value, name, value ...
     * @param extraJvm more fork arguments (A/B configurations)
     * @param log      where JMH's own output goes
     */
    Score run(Class<?> benchClass, String method, List<String> params, List<String> extraJvm, Path log)
            throws RunnerException {
        List<String> jvm = new ArrayList<>(FORK_ARGS);
        jvm.addAll(extraJvm);
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(benchClass.getName() + "." + method) + "$")
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.milliseconds(millis))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(millis))
                .jvmArgsAppend(jvm.toArray(new String[0]))
                .shouldFailOnError(true)
                .output(log.toString());
        for (int i = 0; i < params.size(); i += 2) {
            b.param(params.get(i), params.get(i + 1));
        }
        RunResult r = new Runner(b.build()).runSingle();
        Statistics s = r.getPrimaryResult().getStatistics();
        return new Score(s.getPercentile(50), s.getMin(), s.getMax(), (int) s.getN());
    }
}
