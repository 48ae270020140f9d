package org.hakmem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.hakmem.bench.subject.Subjects;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The main job: every workload on every available subject, one JMH fork per cell, progress on
 * the terminal, then the table and the report (Markdown, HTML chart, CSV) and the memory probes.
 * With several rounds the whole matrix runs again, round after round, so that each cell's forks
 * are spread over the run's phases of a busy machine, and each cell reports its rounds' median.
 */
final class Comparison {

    static final String LARSON = "larson-2t";
    static final String PRODUCER_CONSUMER = "producer-consumer";
    /** Subjects whose handles are addresses: the memory probe touches blocks directly. */
    private static final List<String> MEMORY_SUBJECTS = List.of("hakmem-heap", "glibc", "jemalloc-critical", "mimalloc-critical");

    private final JmhRun jmh;
    private final String profile;
    private final int rounds;
    private final List<String> workloads;
    private final List<String> wanted;
    private final Path out;
    private final boolean memory;

    /** @param rounds at least 1 (the command line refuses fewer, {@link Main#rounds}) */
    Comparison(JmhRun jmh, String profile, int rounds, List<String> workloads, List<String> subjects, Path out, boolean memory) {
        this.jmh = jmh;
        this.profile = profile;
        this.rounds = rounds;
        this.workloads = workloads;
        this.wanted = subjects;
        this.out = out;
        this.memory = memory;
    }

    void run() throws IOException, InterruptedException {
        List<String> subjects = new ArrayList<>();
        List<String[]> missing = new ArrayList<>();
        for (String s : wanted) {
            String why = Subjects.unavailable(s);
            if (why == null) {
                subjects.add(s);
            } else {
                missing.add(new String[] {s, why});
                System.out.println("hakmem bench: skipping " + why);
            }
        }
        Report report = new Report(MachineInfo.collect(), profile, rounds, workloads, subjects);
        missing.forEach(m -> report.skip(m[0], m[1]));
        Path log = out.resolve("jmh.log");
        Files.createDirectories(out);
        int total = rounds * workloads.size() * subjects.size();
        int done = 0;
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "hakmem bench: %d cells (%d workloads x %d subjects%s), profile %s; JMH output in %s%n",
                total, workloads.size(), subjects.size(), rounds > 1 ? " x " + rounds + " rounds" : "", profile, log);
        for (int round = 1; round <= rounds; round++) {
            String tag = rounds > 1 ? String.format(Locale.ROOT, "round %d/%d ", round, rounds) : "";
            for (String w : workloads) {
                for (String s : subjects) {
                    done++;
                    String figure;
                    try {
                        JmhRun.Score score = jmh.measure(w, s, List.of(), log);
                        report.add(new Report.Cell(w, s, score));
                        figure = String.format(Locale.ROOT, "%9.1f M ops/s", score.median() / 1e6);
                    } catch (RunnerException e) {
                        // One broken cell must not lose the rest of a long run: record it and go on.
                        String why = rootMessage(e);
                        report.fail(w, s, tag + why);
                        figure = "   FAILED (" + why + "; see " + log + ")";
                    }
                    long elapsed = System.nanoTime() - start;
                    long eta = elapsed / done * (total - done);
                    System.out.printf(Locale.ROOT, "[%3d/%d] %s%-17s %-18s %s   (elapsed %s, about %s left)%n", done, total, tag, w, s,
                            figure, clock(elapsed), clock(eta));
                }
            }
        }
        if (memory) {
            for (String s : MEMORY_SUBJECTS) {
                if (subjects.contains(s)) {
                    System.out.println("hakmem bench: memory probe " + s + " ...");
                    try {
                        report.add(probe(s));
                    } catch (IOException e) {
                        report.fail("memory", s, e.getMessage());
                        System.out.println("hakmem bench: memory probe " + s + " FAILED: " + e.getMessage());
                    }
                }
            }
        }
        System.out.println();
        System.out.print(report.text());
        report.write(out);
        System.out.println("\nhakmem bench: report written to " + out.resolve("report.md") + " and " + out.resolve("report.html"));
    }

    /** Runs the memory workload for {@code subject} in a JVM of its own and reads its one line. */
    static Report.Memory probe(String subject) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JmhRun.FORK_ARGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), subject));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("memory probe of " + subject + " failed:\n" + output);
        }
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("MEMORY ")) {
                String[] f = line.trim().split(" ", -1);
                return new Report.Memory(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                        Long.parseLong(f[9]));
            }
        }
        throw new IOException("memory probe of " + subject + " printed no result:\n" + output);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) {
            r = r.getCause();
        }
        for (Throwable s : r.getSuppressed()) {
            r = s;
        }
        while (r.getCause() != null) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : ": " + r.getMessage());
    }

    static String clock(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
