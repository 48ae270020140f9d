package org.hakmem.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison's results and how they are written: a text table for the terminal, a Markdown
 * report, an HTML page with a bar chart (inline SVG, no scripts), and a CSV of every figure.
 */
final class Report {

    /** Below this a ratio keeps two significant digits instead of two decimals. */
    private static final BigDecimal TENTH = new BigDecimal("0.1");

    /** One measured cell. */
    record Cell(String workload, String subject, JmhRun.Score score) {}

    /**
     * One memory probe line: RSS deltas of the process, and (hakmem only, else -1) the resident
     * bytes of the allocator's own mappings at steady state, after freeing all, after trim.
     */
    record Memory(String subject, long live, long peak, long steady, long freed, long trimmed, long ownSteady,
            long ownFreed, long ownTrimmed) {}

    private final Map<String, String> machine;
    private final String profile;
    private final int rounds;
    private final List<String> workloads;
    private final List<String> subjects;
    /** Each cell's scores, one per round, in the order measured. */
    private final Map<String, Map<String, List<JmhRun.Score>>> cells = new LinkedHashMap<>();
    private final List<Memory> memory = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<String, String> failed = new LinkedHashMap<>();

    /**
     * @param rounds how many times the comparison runs its whole matrix, in turn; each cell's
     *               figure is then the median of its rounds (see {@link #acrossRounds})
     */
    Report(Map<String, String> machine, String profile, int rounds, List<String> workloads, List<String> subjects) {
        this.machine = machine;
        this.profile = profile;
        this.rounds = rounds;
        this.workloads = workloads;
        this.subjects = subjects;
    }

    /** One round's score of a cell; a cell measured in several rounds keeps each. */
    void add(Cell c) {
        cells.computeIfAbsent(c.workload(), k -> new LinkedHashMap<>()).computeIfAbsent(c.subject(), k -> new ArrayList<>())
                .add(c.score());
    }

    void add(Memory m) {
        memory.add(m);
    }

    void skip(String subject, String reason) {
        skipped.put(subject, reason);
    }

    /** A cell that failed; the report lists it with the reason. */
    void fail(String workload, String subject, String reason) {
        failed.put(workload + " / " + subject, reason);
    }

    private JmhRun.Score score(String w, String s) {
        List<JmhRun.Score> l = roundScores(w, s);
        return l.isEmpty() ? null : acrossRounds(l);
    }

    /** The cell's scores in the order of its rounds; empty when it has none. */
    private List<JmhRun.Score> roundScores(String w, String s) {
        Map<String, List<JmhRun.Score>> row = cells.get(w);
        List<JmhRun.Score> l = row == null ? null : row.get(s);
        return l == null ? List.of() : l;
    }

    /**
     * A cell's rounds as one score: the median of the rounds' medians (the mean of the middle two
     * for an even count), the lowest minimum, the highest maximum, every iteration counted. Why the
     * median: a fork can run its whole life in a slow mode (its compiled code, the shared machine's
     * load), and one such fork among three rounds does not decide the cell.
     */
    static JmhRun.Score acrossRounds(List<JmhRun.Score> l) {
        if (l.size() == 1) {
            return l.get(0);
        }
        return new JmhRun.Score(AbRunner.median(l.stream().mapToDouble(JmhRun.Score::median).toArray()), l.stream().mapToDouble(JmhRun.Score::min).min().orElseThrow(),
                l.stream().mapToDouble(JmhRun.Score::max).max().orElseThrow(), l.stream().mapToInt(JmhRun.Score::n).sum());
    }

    /** Score / floor score of the same workload, or NaN. */
    double ratioToFloor(String w, String s) {
        JmhRun.Score a = score(w, s);
        JmhRun.Score f = score(w, "floor");
        return a == null || f == null ? Double.NaN : a.median() / f.median();
    }

    /** Score of {@code a} / score of {@code b} on the same workload, or NaN. */
    double ratio(String w, String a, String b) {
        JmhRun.Score x = score(w, a);
        JmhRun.Score y = score(w, b);
        return x == null || y == null ? Double.NaN : x.median() / y.median();
    }

    private static String mops(JmhRun.Score s) {
        return s == null ? "–" : mops(s.median());
    }

    /**
     * Operations per second as M ops/s: one decimal, or two significant digits below 1 M ops/s
     * (an Arena per block across threads runs at a few tens of thousands, which one decimal shows
     * as 0.0); "–" for a value that is not finite.
     */
    static String mops(double opsPerSecond) {
        double m = opsPerSecond / 1e6;
        if (!Double.isFinite(m)) {
            return "–";
        }
        BigDecimal two = twoDigits(m);
        return m == 0 || two.abs().compareTo(BigDecimal.ONE) >= 0 ? String.format(Locale.ROOT, "%.1f", m) : two.toPlainString();
    }

    /** A ratio: two decimals, or two significant digits below 0.1; "–" for one that is not finite. */
    static String times(double r) {
        if (!Double.isFinite(r)) {
            return "–";
        }
        BigDecimal two = twoDigits(r);
        return (r == 0 || two.abs().compareTo(TENTH) >= 0 ? String.format(Locale.ROOT, "%.2f", r) : two.toPlainString()) + "x";
    }

    /** {@code v} rounded to two significant digits (the format is chosen after rounding, so 0.0999 reads as 0.10). */
    private static BigDecimal twoDigits(double v) {
        BigDecimal r = BigDecimal.valueOf(v).round(new MathContext(2));
        // 0.5 rounds to one digit; shown as 0.50, like its neighbours 0.49 and 0.51.
        return r.precision() < 2 ? r.setScale(r.scale() + 2 - r.precision()) : r;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    /** The terminal table: M ops/s, and the ratio to the floor under it. */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-18s", "M ops/s (x floor)"));
        for (String s : subjects) {
            sb.append(String.format(Locale.ROOT, " %15s", s));
        }
        sb.append('\n');
        for (String w : workloads) {
            sb.append(String.format(Locale.ROOT, "%-18s", w));
            for (String s : subjects) {
                JmhRun.Score sc = score(w, s);
                String cell = sc == null ? "–" : mops(sc) + " (" + times(ratioToFloor(w, s)) + ")";
                sb.append(String.format(Locale.ROOT, " %15s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The Markdown report. */
    String markdown() {
        StringBuilder sb = new StringBuilder("# hakmem comparison\n\n");
        sb.append("Profile: ").append(profile).append(". Figures are medians of the JMH measurement iterations of one forked JVM per cell, ");
        if (rounds > 1) {
            sb.append("and then the median of ").append(rounds).append(" rounds (the whole matrix run ").append(rounds)
                    .append(" times in turn, each round's figures under \"Round by round\"), ");
        }
        sb.append("in millions of operations per second (ops = malloc calls + free calls; frees for producer-consumer), ")
                .append("with the ratio to the bare array-stack floor in brackets. Compare ratios within this report, not absolute ")
                .append("figures across machines.\n\n");
        sb.append("## Machine and versions\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\n## Throughput\n\n| workload |");
        subjects.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|");
        subjects.forEach(s -> sb.append("---:|"));
        sb.append('\n');
        for (String w : workloads) {
            sb.append("| ").append(w).append(" |");
            for (String s : subjects) {
                JmhRun.Score sc = score(w, s);
                sb.append(' ').append(sc == null ? "–" : mops(sc) + " (" + times(ratioToFloor(w, s)) + ")").append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n## hakmem (heap handle) against the others, same workload\n\n| workload | vs floor |");
        List<String> others = subjects.stream().filter(s -> !s.equals("hakmem-heap") && !s.equals("floor")).toList();
        others.forEach(s -> sb.append(" vs ").append(s).append(" |"));
        sb.append("\n|---|---:|");
        others.forEach(s -> sb.append("---:|"));
        sb.append('\n');
        for (String w : workloads) {
            sb.append("| ").append(w).append(" | ").append(times(ratioToFloor(w, "hakmem-heap"))).append(" |");
            others.forEach(s -> sb.append(' ').append(times(ratio(w, "hakmem-heap", s))).append(" |"));
            sb.append('\n');
        }
        if (subjects.contains("hakmem") && subjects.contains("floor-tl")) {
            boolean cached = subjects.contains("floor-cached");
            sb.append("\n## hakmem (convenience API) against the floor and against floor-tl (the floor through a ThreadLocal per call)\n\n")
                    .append("| workload | vs floor | vs floor-tl |").append(cached ? " vs floor-cached |" : "")
                    .append("\n|---|---:|---:|").append(cached ? "---:|" : "").append('\n');
            for (String w : workloads) {
                sb.append("| ").append(w).append(" | ").append(times(ratioToFloor(w, "hakmem"))).append(" | ")
                        .append(times(ratio(w, "hakmem", "floor-tl"))).append(" |")
                        .append(cached ? " " + times(ratio(w, "hakmem", "floor-cached")) + " |" : "").append('\n');
            }
        }
        if (rounds > 1) {
            roundByRound(sb);
        }
        if (!memory.isEmpty()) {
            sb.append("\n## Memory (mixed-wide sizes, ").append(MemoryProbe.SLOTS).append(" slots, one JVM per allocator)\n\n")
                    .append("RSS: the process's resident set above its own before the first malloc, in MiB (it includes what the JVM ")
                    .append("itself maps meanwhile: JIT code, compiler arenas). own: the resident bytes of the allocator's own mappings, ")
                    .append("counted with mincore (hakmem only). live = bytes the user holds at steady state.\n\n")
                    .append("| allocator | live | peak RSS | steady RSS | RSS / live | own steady | own / live | RSS after freeing all ")
                    .append("| RSS after trim | own after freeing all | own after trim |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Memory m : memory) {
                boolean own = m.ownSteady() >= 0;
                sb.append("| ").append(m.subject()).append(" | ").append(mib(m.live())).append(" | ").append(mib(m.peak()))
                        .append(" | ").append(mib(m.steady())).append(" | ").append(times((double) m.steady() / m.live()))
                        .append(" | ").append(own ? mib(m.ownSteady()) : "–").append(" | ")
                        .append(own ? times((double) m.ownSteady() / m.live()) : "–").append(" | ").append(mib(m.freed()))
                        .append(" | ").append(mib(m.trimmed())).append(" | ").append(own ? mib(m.ownFreed()) : "–").append(" | ")
                        .append(own ? mib(m.ownTrimmed()) : "–").append(" |\n");
            }
        }
        sb.append("\n## Notes\n\n")
                .append("- Fork JVM arguments: `").append(String.join(" ", JmhRun.FORK_ARGS)).append("`.\n")
                .append("- Netty: direct buffers; ordinary threads get a thread cache (`io.netty.allocator.useCacheForAllThreads=true`). ")
                .append("Netty and Arena blocks are held in a handle table (a few ns per operation that a user would spend holding the object).\n")
                .append("- arena: one confined Arena per block in single-thread workloads, a shared one where another thread frees.\n")
                .append("- floor: per power-of-two class a `long[]` stack over pre-carved blocks; 4 KiB and larger blocks at a stride of size + 64 B (no cache aliasing). ")
                .append("It has no way back for blocks another thread frees (they land in the freeing thread's stacks, so a producer keeps carving): ")
                .append("in larson-2t and producer-consumer it is a reference point, not a ceiling.\n")
                .append("- floor-lookup: the floor handing out bare addresses, its free finding the class through a table keyed by the address ")
                .append("(one int per 1 MiB granule: the class on each side of a boundary page; its chunks lie where the floor's do): ")
                .append("what finding the class from an address costs by itself.\n")
                .append("- floor-split: the floor cut in two at 1 KiB (as Tiny was cut from Mid before a wide Tiny became the default), the half chosen by a branch on the size in malloc ")
                .append("and on the class in free: the least a router between two boxes adds where sizes are mixed (mixed-wide).\n")
                .append("- floor-tl: the floor reached through a `ThreadLocal` on every malloc and free (one floor per thread over a shared arena): ")
                .append("the reference for an API that finds the calling thread's cache itself, as hakmem's convenience API does.\n");
        if (subjects.contains("floor-cached")) {
            sb.append("- floor-cached: the floor reached through the lookup of hakmem's convenience API (a static cache by thread id, each slot ")
                    .append("checked against its thread and its owner): where the JIT takes that lookup out of the loop it costs nothing; ")
                    .append("where it does not (it varies between forks) it runs on every malloc and free.\n");
        }
        if (subjects.contains("mid-only")) {
            sb.append("- mid-only: hakmem's Mid box alone serving every size from 16 B to 32 KiB (Tiny's powers of two below 1 KiB, then Mid's ")
                    .append("classes), no router: one box's own path, with Mid's code in place of Tiny's for small sizes.\n");
        }
        if (subjects.contains("tiny-only")) {
            sb.append("- tiny-only: hakmem's Tiny box alone serving every size from 16 B to 32 KiB (mid-only's classes, 4 MiB slabs on 8 MiB SuperSlabs), ")
                    .append("no router: one box's own path, what hakmem's default (a wide Tiny) serves to 32 KiB without its facade.\n");
        }
        skipped.forEach((s, why) -> sb.append("- skipped ").append(s).append(": ").append(why).append('\n'));
        failed.forEach((c, why) -> sb.append("- FAILED ").append(c).append(": ").append(why).append(" (details in jmh.log)\n"));
        return sb.toString();
    }

    /** Each cell's rounds in order, and the spread between its fastest and slowest round. */
    private void roundByRound(StringBuilder sb) {
        sb.append("\n## Round by round\n\nM ops/s per round, in the order run; spread = fastest round / slowest.\n\n| workload | subject |");
        for (int r = 1; r <= rounds; r++) {
            sb.append(" round ").append(r).append(" |");
        }
        sb.append(" median | spread |\n|---|---|").append("---:|".repeat(rounds + 2)).append('\n');
        for (String w : workloads) {
            for (String s : subjects) {
                List<JmhRun.Score> l = roundScores(w, s);
                if (l.isEmpty()) {
                    continue;
                }
                sb.append("| ").append(w).append(" | ").append(s).append(" |");
                for (int r = 0; r < rounds; r++) {
                    sb.append(' ').append(r < l.size() ? mops(l.get(r)) : "–").append(" |");
                }
                double fast = l.stream().mapToDouble(JmhRun.Score::median).max().orElseThrow();
                double slow = l.stream().mapToDouble(JmhRun.Score::median).min().orElseThrow();
                sb.append(' ').append(mops(score(w, s))).append(" | ").append(times(fast / slow)).append(" |\n");
            }
        }
    }

    /** The HTML page: the Markdown's facts as a table and one bar chart per workload (ratio to the floor). */
    String html() {
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>hakmem comparison</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th:first-child,td:first-child{text-align:left}"
                + "</style></head><body><h1>hakmem comparison</h1><p>Profile: " + profile + (rounds > 1 ? ", median of " + rounds + " rounds" : "") + ". Bars: throughput as a ratio to the bare "
                + "array-stack floor (1.0 = as fast as the floor); labels: M ops/s.</p><table>");
        machine.forEach((k, v) -> sb.append("<tr><td>").append(k).append("</td><td>").append(escape(v)).append("</td></tr>"));
        sb.append("</table>");
        int bar = 22;
        for (String w : workloads) {
            List<String> present = subjects.stream().filter(s -> score(w, s) != null).toList();
            int h = present.size() * bar + 10;
            sb.append("<h2>").append(w).append("</h2><svg width=\"760\" height=\"").append(h).append("\" role=\"img\">");
            double max = present.stream().mapToDouble(s -> ratioToFloor(w, s)).filter(d -> !Double.isNaN(d)).max().orElse(1);
            max = Math.max(max, 1);
            int y = 5;
            for (String s : present) {
                double r = ratioToFloor(w, s);
                double len = Double.isNaN(r) ? 0 : 480 * r / max;
                String color = s.startsWith("hakmem") ? "#d9480f" : s.startsWith("floor") ? "#868e96" : "#1c7ed6";
                sb.append(String.format(Locale.ROOT,
                        "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text><rect x=\"140\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s M/s (%s)</text>",
                        y + 13, s, y, len, color, 145 + len, y + 13, mops(score(w, s)), times(r)));
                y += bar;
            }
            sb.append("</svg>");
        }
        sb.append("<pre>").append(escape(markdown())).append("</pre></body></html>");
        return sb.toString();
    }

    /** Every figure, one row per cell; the last column lists the cell's round medians, separated by semicolons. */
    String csv() {
        StringBuilder sb = new StringBuilder("workload,subject,median_ops_per_s,min,max,iterations,ratio_to_floor,round_medians\n");
        for (String w : workloads) {
            for (String s : subjects) {
                JmhRun.Score sc = score(w, s);
                if (sc != null) {
                    String each = String.join(";", roundScores(w, s).stream()
                            .map(r -> String.format(Locale.ROOT, "%.0f", r.median())).toList());
                    sb.append(String.format(Locale.ROOT, "%s,%s,%.0f,%.0f,%.0f,%d,%.4f,%s%n", w, s, sc.median(), sc.min(), sc.max(), sc.n(),
                            ratioToFloor(w, s), each));
                }
            }
        }
        return sb.toString();
    }

    /** Writes report.md, report.html and results.csv into {@code dir}. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.csv"), csv(), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
