package org.hakmem.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hakmem.bench.subject.Subjects;
import org.hakmem.bench.workload.Workload;

/**
 * The bench's command line: the comparison (the main job) or an A/B run.
 *
 * <pre>
 *   ./hakmem bench [--quick | --full] [--rounds N] [--subjects a,b] [--workloads x,y] [--no-memory] [--out DIR]
 *   ./hakmem bench ab --workload W [--subject S] --a k=v[,k=v] --b k=v[,k=v] [--runs N] [--quick]
 *   ./hakmem bench pools     (Tiny SuperSlabs and mmap/munmap: shared pool against one per class)
 *   ./hakmem bench --list
 * </pre>
 */
public final class Main {

    private static final String USAGE = """
            usage:
              ./hakmem bench [--quick | --full] [--rounds N] [--subjects a,b] [--workloads x,y] [--no-memory] [--out DIR]
              ./hakmem bench ab --workload W [--subject S] --a k=v[,k=v] --b k=v[,k=v] [--runs N] [--quick]
              ./hakmem bench pools
              ./hakmem bench --list
            profiles: --quick (about 4 minutes here), default (about 9), --full (longer, two forks per cell)
            --rounds N: run the whole matrix N times in turn (N times as long); each cell reports its rounds' median
            A/B keys: hakmem.* properties or HAKMEM_* variables, e.g. --a HAKMEM_TINY_TLS_SLL=magazine --b HAKMEM_TINY_TLS_SLL=intrusive""";

    private Main() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("hakmem bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    static int run(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean ab = !rest.isEmpty() && rest.get(0).equals("ab");
        boolean pools = !rest.isEmpty() && rest.get(0).equals("pools");
        if (ab || pools) {
            rest.remove(0);
        }
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--quick", "--full", "--no-memory", "--list", "--help", "-h" -> opt.put(a, "true");
                case "--subjects", "--workloads", "--out", "--workload", "--subject", "--a", "--b", "--runs", "--rounds" -> {
                    if (i + 1 >= rest.size()) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    opt.put(a, rest.get(++i));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (opt.containsKey("--help") || opt.containsKey("-h")) {
            System.out.println(USAGE);
            return 0;
        }
        if (opt.containsKey("--list")) {
            System.out.println("subjects:  " + String.join(", ", Subjects.ALL));
            System.out.println("           (by name only, not in the default report: " + String.join(", ", Subjects.EXTRA) + ")");
            System.out.println("workloads: " + String.join(", ", allWorkloads()));
            return 0;
        }
        String profile = opt.containsKey("--quick") ? "quick" : opt.containsKey("--full") ? "full" : "standard";
        JmhRun jmh = switch (profile) {
            case "quick" -> new JmhRun(2, 3, 200, 1);
            case "full" -> new JmhRun(3, 5, 1000, 2);
            default -> new JmhRun(3, 5, 400, 1);
        };
        if ((ab || pools) && opt.containsKey("--rounds")) {
            throw new IllegalArgumentException("--rounds is for the comparison only (ab repeats with --runs)");
        }
        int rounds = rounds(opt.get("--rounds"));
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        if (pools) {
            PoolCount.run(Path.of(opt.getOrDefault("--out", "reports/" + stamp + "-pools")));
            return 0;
        }
        if (ab) {
            String w = opt.get("--workload");
            if (w == null || opt.get("--a") == null || opt.get("--b") == null) {
                throw new IllegalArgumentException("ab needs --workload, --a and --b");
            }
            check(List.of(w), allWorkloads(), "workload");
            String subject = opt.getOrDefault("--subject", "hakmem-heap");
            check(List.of(subject), Subjects.KNOWN, "subject");
            int runs = Integer.parseInt(opt.getOrDefault("--runs", "5"));
            if (runs < 2) {
                throw new IllegalArgumentException("--runs must be at least 2 to see the noise");
            }
            Path out = Path.of(opt.getOrDefault("--out", "reports/" + stamp + "-ab"));
            new AbRunner(jmh, w, subject, opt.get("--a"), opt.get("--b"), runs, out).run();
            return 0;
        }
        List<String> workloads = list(opt.get("--workloads"), allWorkloads(), "workload");
        List<String> subjects = opt.get("--subjects") == null ? Subjects.ALL : list(opt.get("--subjects"), Subjects.KNOWN, "subject");
        Path out = Path.of(opt.getOrDefault("--out", "reports/" + stamp));
        new Comparison(jmh, profile, rounds, workloads, subjects, out, !opt.containsKey("--no-memory")).run();
        return 0;
    }

    /** {@code --rounds}: absent is 1; anything but a whole number from 1 to 99 is refused, naming the value. */
    static int rounds(String value) {
        if (value == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 99) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Refused below with the same message as an out-of-range number.
        }
        throw new IllegalArgumentException("--rounds must be a whole number from 1 to 99, got '" + value + "'");
    }

    static List<String> allWorkloads() {
        List<String> all = new ArrayList<>(Workload.labels());
        all.add(Comparison.LARSON);
        all.add(Comparison.PRODUCER_CONSUMER);
        return all;
    }

    private static List<String> list(String csv, List<String> known, String what) {
        if (csv == null) {
            return known;
        }
        List<String> l = Arrays.stream(csv.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
        check(l, known, what);
        return l;
    }

    private static void check(List<String> given, List<String> known, String what) {
        for (String g : given) {
            if (!known.contains(g)) {
                throw new IllegalArgumentException("unknown " + what + " '" + g + "'; known: " + String.join(", ", known));
            }
        }
    }
}
