package org.hakmem.box.guard;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.ExternalGuard;
import org.hakmem.box.api.GuardReason;
import org.hakmem.box.api.InvalidPointerException;
import org.hakmem.box.api.config.GuardPolicy;
import org.hakmem.box.api.config.HakmemConfig;

/**
 * The external guard: counts every refused address by reason and acts by policy.
 *
 * <pre>
 *   reject(op, addr, reason, band) ─► count[reason]++, count[band]++ ─► THROW: InvalidPointerException
 *                                               ├► LOG:   one line per (call site, reason), then go on
 *                                               └► COUNT: nothing more
 *                            ─► every {@code reportThreshold} refusals (when stats are on): report
 * </pre>
 * The address is only ever formatted into text: never freed, read or written.
 *
 * <p>Thread-safety: any thread; counters are atomic, the set of logged sites is concurrent.
 */
public final class ExternalGuardBox implements ExternalGuard {

    private static final Logger LOG = Logger.getLogger("org.hakmem.guard");
    private static final GuardReason[] REASONS = GuardReason.values();

    private final GuardPolicy policy;
    private final boolean log;
    private final boolean stats;
    private final long reportThreshold;
    private final Consumer<String> reportSink;
    /** One counter per reason, filled once at construction and then only read (safe to share). */
    private final Map<GuardReason, AtomicLong> byReason = new EnumMap<>(GuardReason.class);
    private final AtomicLong total = new AtomicLong();
    private final Set<String> loggedSites = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byBand = new ConcurrentHashMap<>();

    /**
     * @param policy          what to do with a refused address
     * @param log             also log once per call site and reason (whatever the policy)
     * @param stats           write a report each time {@code reportThreshold} more refusals were counted
     * @param reportThreshold refusals between reports, {@code >= 1}
     * @param reportSink      where reports go (the platform logger in production, a list in tests)
     */
    public ExternalGuardBox(GuardPolicy policy, boolean log, boolean stats, long reportThreshold,
            Consumer<String> reportSink) {
        if (reportThreshold < 1) {
            throw new IllegalArgumentException("reportThreshold must be >= 1, got " + reportThreshold);
        }
        this.policy = policy;
        this.log = log || policy == GuardPolicy.LOG;
        this.stats = stats;
        this.reportThreshold = reportThreshold;
        this.reportSink = reportSink;
        for (GuardReason r : REASONS) {
            byReason.put(r, new AtomicLong());
        }
    }

    /** The guard configured by {@code config}, reporting through the platform logger. */
    public static ExternalGuardBox of(HakmemConfig config) {
        return new ExternalGuardBox(config.guardPolicy(), config.guardLog(), config.guardStats(),
                config.guardReportThreshold(), line -> LOG.warning(line));
    }

    @Override
    public String boxName() {
        return "external-guard";
    }

    @Override
    public void reject(String operation, long address, GuardReason reason, String sizeBand) {
        byReason.get(reason).incrementAndGet();
        byBand.computeIfAbsent(sizeBand, b -> new AtomicLong()).incrementAndGet();
        long n = total.incrementAndGet();
        GuardEvent e = new GuardEvent();
        if (e.shouldCommit()) {
            e.operation = operation;
            e.address = address;
            e.reason = reason.name();
            e.sizeBand = sizeBand;
            e.commit();
        }
        if (log) {
            logOnce(operation, address, reason);
        }
        if (stats && n % reportThreshold == 0) {
            reportSink.accept(report());
        }
        if (policy == GuardPolicy.THROW) {
            throw new InvalidPointerException(operation, address, reason);
        }
    }

    /** Logs the first refusal of each (call site, reason): the caller outside hakmem is the site. */
    private void logOnce(String operation, long address, GuardReason reason) {
        StackTraceElement site = StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().startsWith("org.hakmem.box."))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
        String key = (site == null ? "?" : site.toString()) + "|" + reason;
        if (loggedSites.add(key) && LOG.isLoggable(Level.WARNING)) {
            LOG.warning("hakmem guard: " + operation + "(0x" + Long.toHexString(address) + ") refused: the address "
                    + reason.description() + " (at " + (site == null ? "unknown site" : site) + "; further refusals there are only counted)");
        }
    }

    @Override
    public long rejectedCount() {
        return total.get();
    }

    /** Refusals of one reason so far. */
    public long rejectedCount(GuardReason reason) {
        return byReason.get(reason).get();
    }

    /** A readable report: total, each reason and each size band with its count, largest first, and the sites logged. */
    public String report() {
        StringBuilder sb = new StringBuilder("hakmem external guard report: ").append(total.get()).append(" refused address(es)");
        List<GuardReason> order = new ArrayList<>(List.of(REASONS));
        order.sort((a, b) -> Long.compare(byReason.get(b).get(), byReason.get(a).get()));
        for (GuardReason r : order) {
            long c = byReason.get(r).get();
            if (c > 0) {
                sb.append("\n  ").append(r.name().toLowerCase(Locale.ROOT)).append(": ").append(c);
            }
        }
        if (!byBand.isEmpty()) {
            sb.append("\n  size bands:");
            byBand.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                    .forEach(e -> sb.append("\n    ").append(e.getKey()).append(": ").append(e.getValue().get()));
        }
        if (!loggedSites.isEmpty()) {
            sb.append("\n  call sites: ").append(loggedSites.size());
            loggedSites.stream().sorted().limit(10).forEach(s -> sb.append("\n    ").append(s.replace('|', ' ')));
        }
        return sb.toString();
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("rejected", total.get());
        for (GuardReason r : REASONS) {
            c.put("rejected." + r.name().toLowerCase(Locale.ROOT), byReason.get(r).get());
        }
        byBand.forEach((band, n) -> c.put("band." + band, n.get()));
        return BoxStats.of(boxName(), c);
    }

    @Override
    public void checkInvariants() {
        long sum = 0;
        for (AtomicLong c : byReason.values()) {
            sum += c.get();
        }
        if (sum != total.get()) {
            throw new IllegalStateException("external-guard: reasons add up to " + sum + " but the total is " + total.get());
        }
    }
}
