package org.hakmem.box.api.config;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.hakmem.box.api.SizeClasses;

/**
 * hakmem's configuration: one immutable record, read once, passed explicitly into the boxes
 * (never read again from scattered static initialisers). Each component is described by the
 * {@link HakmemOption} of the same meaning, which also gives its default.
 *
 * <p>Build it with {@link #builder()} (explicit values win over system properties, which win over
 * environment variables, which win over defaults) or take {@link #fromEnvironment()}. An invalid
 * value is a {@link ConfigException} naming the option, the value, its source and what is allowed.
 *
 * @param tinyMaxClass         {@link HakmemOption#TINY_MAX_CLASS}
 * @param smallMidEnabled      {@link HakmemOption#SMALLMID_ENABLE}
 * @param tinySharedPool       {@link HakmemOption#TINY_SS_SHARED}
 * @param tinyFreeList         {@link HakmemOption#TINY_TLS_SLL}
 * @param tinyRefill           {@link HakmemOption#TINY_REFILL}
 * @param tinyListCapacity     {@link HakmemOption#TINY_LIST_CAPACITY}
 * @param smallMidRefill       {@link HakmemOption#SMALLMID_REFILL}
 * @param midRefill            {@link HakmemOption#MID_REFILL}
 * @param midKeepFree          {@link HakmemOption#MID_KEEP_FREE}
 * @param fastFree             {@link HakmemOption#FAST_FREE}
 * @param superSlabSize        {@link HakmemOption#SUPERSLAB_SIZE}
 * @param slabSize             {@link HakmemOption#SLAB_SIZE}
 * @param superSlabCache       {@link HakmemOption#SUPERSLAB_CACHE}
 * @param purgeDelayMillis     {@link HakmemOption#PURGE_DELAY_MS}
 * @param largeCache           {@link HakmemOption#LARGE_CACHE}
 * @param mappingLimit         {@link HakmemOption#MAPPING_LIMIT}
 * @param maxAllocation        {@link HakmemOption#MAX_ALLOCATION}
 * @param guardPolicy          {@link HakmemOption#GUARD_POLICY}
 * @param guardLog             {@link HakmemOption#GUARD_LOG}
 * @param guardStats           {@link HakmemOption#GUARD_STATS}
 * @param guardReportThreshold {@link HakmemOption#GUARD_REPORT_THRESHOLD}
 * @param checkLevel           {@link HakmemOption#CHECK_LEVEL}
 */
public record HakmemConfig(
        int tinyMaxClass,
        boolean tinyWide,
        boolean smallMidEnabled,
        boolean tinySharedPool,
        String tinyFreeList,
        int tinyRefill,
        int tinyListCapacity,
        int smallMidRefill,
        int midRefill,
        long midKeepFree,
        boolean fastFree,
        long superSlabSize,
        long slabSize,
        int superSlabCache,
        int purgeDelayMillis,
        int largeCache,
        long mappingLimit,
        long maxAllocation,
        GuardPolicy guardPolicy,
        boolean guardLog,
        boolean guardStats,
        int guardReportThreshold,
        CheckLevel checkLevel) {

    /** Checks the rules that tie options together. */
    public HakmemConfig {
        Objects.requireNonNull(tinyFreeList, "tinyFreeList");
        Objects.requireNonNull(guardPolicy, "guardPolicy");
        Objects.requireNonNull(checkLevel, "checkLevel");
        if (tinyWide && smallMidEnabled) {
            throw new ConfigException("hakmem options " + HakmemOption.TINY_WIDE.property() + " and "
                    + HakmemOption.SMALLMID_ENABLE.property() + " exclude each other: a wide Tiny serves Small-Mid's sizes");
        }
        if (tinyWide && slabSize < 2L * SizeClasses.WIDE.maxSize()) {
            throw new ConfigException("hakmem option " + HakmemOption.TINY_WIDE.property() + " needs "
                    + HakmemOption.SLAB_SIZE.property() + " of at least 128k (two blocks of " + SizeClasses.WIDE.maxSize()
                    + " B), got " + slabSize);
        }
        if (slabSize * 2 > superSlabSize) {
            throw new ConfigException("hakmem option " + HakmemOption.SLAB_SIZE.property() + " (" + slabSize
                    + ") must be at most half of " + HakmemOption.SUPERSLAB_SIZE.property() + " (" + superSlabSize
                    + "): a SuperSlab holds at least two slabs");
        }
    }

    /** The configuration from system properties, environment variables and defaults. */
    public static HakmemConfig fromEnvironment() {
        return builder().build();
    }

    /** The defaults alone, ignoring system properties and environment variables (for tests and experiments). */
    public static HakmemConfig defaults() {
        return builder().properties(new Properties()).environment(Map.of()).build();
    }

    /** A builder reading the process's system properties and environment unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Largest size Tiny serves: its largest class minus the seed's one byte (255 or 1023 with the
     * defaults), or with {@link #tinyWide} its largest class itself (32 KiB + 64 B).
     */
    public int tinyMaxSize() {
        return tinyWide ? SizeClasses.WIDE.maxSize() : (8 << tinyMaxClass) - 1;
    }

    /** Each option with its value, in table order, for reports. */
    public Map<HakmemOption, Object> asMap() {
        Map<HakmemOption, Object> m = new LinkedHashMap<>();
        Object[] v = {tinyMaxClass, tinyWide, smallMidEnabled, tinySharedPool, tinyFreeList, tinyRefill, tinyListCapacity,
            smallMidRefill, midRefill, midKeepFree, fastFree, superSlabSize, slabSize, superSlabCache, purgeDelayMillis, largeCache,
            mappingLimit, maxAllocation, guardPolicy, guardLog, guardStats, guardReportThreshold, checkLevel};
        HakmemOption[] options = HakmemOption.values();
        for (int i = 0; i < options.length; i++) {
            m.put(options[i], v[i]);
        }
        return m;
    }

    /**
     * Builds a {@link HakmemConfig}. Explicit values win over system properties, which win over
     * environment variables, which win over defaults. Not thread-safe; use it from one thread.
     */
    public static final class Builder {
        private final Map<HakmemOption, String> explicit = new EnumMap<>(HakmemOption.class);
        private Properties properties;
        private Map<String, String> environment;

        private Builder() {}

        /**
         * Sets an option explicitly; the value is validated at {@link #build()} like any other
         * source (its text form is parsed).
         */
        public Builder set(HakmemOption option, Object value) {
            explicit.put(Objects.requireNonNull(option, "option"), String.valueOf(value));
            return this;
        }

        /** Reads {@code hakmem.*} options from these properties instead of the system properties. */
        public Builder properties(Properties props) {
            this.properties = Objects.requireNonNull(props, "props");
            return this;
        }

        /** Reads {@code HAKMEM_*} options from this map instead of the process environment. */
        public Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env, "env");
            return this;
        }

        /**
         * Resolves every option and builds the record.
         *
         * @throws ConfigException for a bad value, or a {@code hakmem.*} property that names no
         *         option (a typo must not be silently ignored)
         */
        public HakmemConfig build() {
            Properties props = properties != null ? properties : System.getProperties();
            Map<String, String> env = environment != null ? environment : System.getenv();
            for (String name : props.stringPropertyNames()) {
                if (name.startsWith("hakmem.") && HakmemOption.ofProperty(name) == null) {
                    throw new ConfigException("unknown hakmem option: system property '" + name
                            + "'; known options: " + knownProperties());
                }
            }
            Map<HakmemOption, Object> v = new EnumMap<>(HakmemOption.class);
            Set<HakmemOption> defaulted = EnumSet.noneOf(HakmemOption.class);
            for (HakmemOption o : HakmemOption.values()) {
                String text;
                String source;
                if (explicit.containsKey(o)) {
                    text = explicit.get(o);
                    source = "the builder";
                } else if (props.getProperty(o.property()) != null) {
                    text = props.getProperty(o.property());
                    source = "system property " + o.property();
                } else if (env.get(o.environment()) != null) {
                    text = env.get(o.environment());
                    source = "environment variable " + o.environment();
                } else {
                    text = o.defaultText();
                    source = "the default";
                    defaulted.add(o);
                }
                v.put(o, o.parse(text, source));
            }
            narrowDefaults(v, defaulted);
            return new HakmemConfig(
                    (Integer) v.get(HakmemOption.TINY_MAX_CLASS),
                    (Boolean) v.get(HakmemOption.TINY_WIDE),
                    (Boolean) v.get(HakmemOption.SMALLMID_ENABLE),
                    (Boolean) v.get(HakmemOption.TINY_SS_SHARED),
                    (String) v.get(HakmemOption.TINY_TLS_SLL),
                    (Integer) v.get(HakmemOption.TINY_REFILL),
                    (Integer) v.get(HakmemOption.TINY_LIST_CAPACITY),
                    (Integer) v.get(HakmemOption.SMALLMID_REFILL),
                    (Integer) v.get(HakmemOption.MID_REFILL),
                    (Long) v.get(HakmemOption.MID_KEEP_FREE),
                    (Boolean) v.get(HakmemOption.FAST_FREE),
                    (Long) v.get(HakmemOption.SUPERSLAB_SIZE),
                    (Long) v.get(HakmemOption.SLAB_SIZE),
                    (Integer) v.get(HakmemOption.SUPERSLAB_CACHE),
                    (Integer) v.get(HakmemOption.PURGE_DELAY_MS),
                    (Integer) v.get(HakmemOption.LARGE_CACHE),
                    (Long) v.get(HakmemOption.MAPPING_LIMIT),
                    (Long) v.get(HakmemOption.MAX_ALLOCATION),
                    (GuardPolicy) v.get(HakmemOption.GUARD_POLICY),
                    (Boolean) v.get(HakmemOption.GUARD_LOG),
                    (Boolean) v.get(HakmemOption.GUARD_STATS),
                    (Integer) v.get(HakmemOption.GUARD_REPORT_THRESHOLD),
                    (CheckLevel) v.get(HakmemOption.CHECK_LEVEL));
        }

        /**
         * The defaults that follow others (see {@link HakmemOption#TINY_WIDE}): a wide Tiny unless
         * Small-Mid is on or Tiny's largest class is given, and with a Tiny of its own classes
         * the slab sizes that suit them.
         */
        private static void narrowDefaults(Map<HakmemOption, Object> v, Set<HakmemOption> defaulted) {
            if (defaulted.contains(HakmemOption.TINY_WIDE)
                    && ((Boolean) v.get(HakmemOption.SMALLMID_ENABLE) || !defaulted.contains(HakmemOption.TINY_MAX_CLASS))) {
                v.put(HakmemOption.TINY_WIDE, false);
            }
            if (!(Boolean) v.get(HakmemOption.TINY_WIDE)) {
                for (HakmemOption o : List.of(HakmemOption.SLAB_SIZE, HakmemOption.SUPERSLAB_SIZE)) {
                    if (defaulted.contains(o)) {
                        v.put(o, o.parse(o.narrowDefaultText(), "the default without a wide Tiny"));
                    }
                }
            }
        }

        private static String knownProperties() {
            StringBuilder sb = new StringBuilder();
            for (HakmemOption o : HakmemOption.values()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(o.property());
            }
            return sb.toString();
        }
    }
}
