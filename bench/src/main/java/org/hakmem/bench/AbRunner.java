package org.hakmem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hakmem.box.api.config.HakmemOption;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The seed's A/B form, made trustworthy: one workload on one subject under two configurations,
 * {@code runs} forks each, interleaved A B B A A B ... so that drift of a noisy machine hits both
 * alike; medians, the ratio B/A, and whether the difference exceeds the run-to-run noise.
 *
 * <p>Noise is the largest relative deviation of any single run from the median of its own
 * configuration; the difference is called real when {@code |B/A - 1|} exceeds it.
 */
final class AbRunner {

    private final JmhRun jmh;
    private final String workload;
    private final String subject;
    private final List<String> a;
    private final List<String> b;
    private final int runs;
    private final Path out;

    AbRunner(JmhRun jmh, String workload, String subject, String a, String b, int runs, Path out) {
        this.jmh = jmh;
        this.workload = workload;
        this.subject = subject;
        this.a = jvmArgs(a);
        this.b = jvmArgs(b);
        this.runs = runs;
        this.out = out;
    }

    /**
     * {@code k=v,k=v} to {@code -Dk=v} arguments; a seed variable name ({@code HAKMEM_*}) becomes
     * its {@code hakmem.*} property, so either spelling works.
     */
    static List<String> jvmArgs(String spec) {
        List<String> args = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return args;
        }
        for (String kv : spec.split(",", -1)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("configuration '" + kv + "' is not key=value");
            }
            String k = kv.substring(0, eq).trim();
            String v = kv.substring(eq + 1).trim();
            if (k.startsWith("HAKMEM_")) {
                String env = k;
                k = Arrays.stream(HakmemOption.values()).filter(o -> o.environment().equals(env)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown hakmem variable " + env)).property();
            } else if (HakmemOption.ofProperty(k) == null) {
                throw new IllegalArgumentException("unknown hakmem option " + k);
            }
            args.add("-D" + k + "=" + v);
        }
        return args;
    }

    void run() throws IOException, RunnerException {
        Files.createDirectories(out);
        Path log = out.resolve("jmh.log");
        double[] sa = new double[runs];
        double[] sb = new double[runs];
        for (int r = 0; r < runs; r++) {
            boolean aFirst = r % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isA = (k == 0) == aFirst;
                double v = jmh.measure(workload, subject, isA ? a : b, log).median();
                if (isA) {
                    sa[r] = v;
                } else {
                    sb[r] = v;
                }
                System.out.printf(Locale.ROOT, "[run %d/%d] %s %s: %.1f M ops/s%n", r + 1, runs, isA ? "A" : "B", workload, v / 1e6);
            }
        }
        double ma = median(sa);
        double mb = median(sb);
        double noise = Math.max(spread(sa, ma), spread(sb, mb));
        double ratio = mb / ma;
        boolean real = Math.abs(ratio - 1) > noise;
        StringBuilder md = new StringBuilder("# A/B: ").append(workload).append(" on ").append(subject).append("\n\n")
                .append("- A: `").append(String.join(" ", a)).append("`\n- B: `").append(String.join(" ", b)).append("`\n\n")
                .append("| run | A (M ops/s) | B (M ops/s) |\n|---:|---:|---:|\n");
        for (int r = 0; r < runs; r++) {
            md.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f |%n", r + 1, sa[r] / 1e6, sb[r] / 1e6));
        }
        md.append(String.format(Locale.ROOT, "| **median** | **%.1f** | **%.1f** |%n%n", ma / 1e6, mb / 1e6))
                .append(String.format(Locale.ROOT, "B/A = %.3f; run-to-run noise ±%.1f%%: %s%n", ratio, noise * 100,
                        real ? "the difference exceeds the noise" : "within the noise (no measurable difference)"));
        Files.writeString(out.resolve("ab.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(md);
        System.out.println("\nhakmem bench: A/B report written to " + out.resolve("ab.md"));
    }

    /** The median of {@code v} (the mean of the middle two for an even count); {@code v} is left as it was. */
    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /** The largest relative deviation of a run from the median. */
    static double spread(double[] v, double median) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x / median - 1));
        }
        return m;
    }
}
