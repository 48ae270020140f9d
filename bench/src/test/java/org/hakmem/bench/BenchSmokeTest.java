package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hakmem.bench.jmh.SlotBench;
import org.hakmem.bench.jmh.ThreadsBench;
import org.hakmem.bench.subject.Subjects;
import org.hakmem.bench.workload.Workload;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Every JMH benchmark, every workload, every subject available here, for one invocation: a
 * broken benchmark fails the build (JMH's fail-on-error), without timing anything.
 */
class BenchSmokeTest {

    @Test
    void everyBenchmarkRunsOnce() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (String s : Subjects.KNOWN) {
            if (Subjects.unavailable(s) == null) {
                subjects.add(s);
            }
        }
        assertTrue(subjects.contains("hakmem-heap") && subjects.contains("glibc") && subjects.contains("floor") && subjects.contains("mid-only")
                && subjects.contains("tiny-only"),
                subjects.toString());
        Options o = new OptionsBuilder()
                .include("^" + SlotBench.class.getName() + "\\.run$")
                .include("^" + ThreadsBench.class.getName() + "\\..*$")
                .param("subject", subjects.toArray(new String[0]))
                .param("workload", Workload.labels().toArray(new String[0]))
                .mode(Mode.SingleShotTime)
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(o).run();
        int expected = subjects.size() * Workload.values().length + subjects.size() * 2;
        assertEquals(expected, results.size(), "one result per benchmark, workload and subject");
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
        }
    }
}
