package org.hakmem.box.api.config;

/**
 * Every option of hakmem, in one table: system property, the seed's environment variable,
 * default, what is allowed, and what it does. {@link HakmemConfig} holds their values.
 */
public enum HakmemOption {
    /** Index of the largest Tiny class (8 B ... 1024 B): 5 routes sizes up to 255 B to Tiny, 7 up to 1023 B. */
    TINY_MAX_CLASS("hakmem.tiny.maxClass", "HAKMEM_TINY_MAX_CLASS", "7", new OptionType.IntRange(0, 7)),
    /**
     * 1: Tiny serves every size up to 32 KiB + 64 B, with {@code SizeClasses.WIDE} (its powers of
     * two to 512 B, quarter steps to 4 KiB, eighth steps above), in place of {@link
     * #TINY_MAX_CLASS}: one box, so malloc and free never choose between Tiny and Mid by size.
     * Mid then serves only aligned requests above 2 KiB. 0: the seed's split, Tiny to {@link #TINY_MAX_CLASS}, then Small-Mid when on,
     * then Mid. Needs Small-Mid off and slabs of at least 128 KiB. Default 1, but 0 when
     * {@link #SMALLMID_ENABLE} is on or {@link #TINY_MAX_CLASS} is given: the seed's switches keep
     * their meaning. Why the default: with it mixed-wide ran 2.09x as fast (A/B medians of five
     * runs, 153.6 against 73.5 M ops/s) and fixed-1024 to fixed-16384 1.11-1.17x. Its memory:
     * Tiny keeps its free blocks where Mid gives the pages of large ones back; with Mid's
     * quarter steps that held 1.23x of live on mixed-wide against Mid's 1.20x, and Tiny's own
     * classes and borrowing between them ({@code TinyHeap.borrow}) bring it to 1.18x (the
     * measurement log, docs/measurements.md).
     */
    TINY_WIDE("hakmem.tiny.wide", "HAKMEM_TINY_WIDE", "1", new OptionType.Bool()),
    /** Route 256 B .. 4 KiB to Small-Mid, with its own SuperSlab pool. Off until an A/B run says otherwise. */
    SMALLMID_ENABLE("hakmem.smallmid.enable", "HAKMEM_SMALLMID_ENABLE", "0", new OptionType.Bool()),
    /** 1: one slab pool shared by all Tiny classes; 0: one pool per class (the seed's baseline). */
    TINY_SS_SHARED("hakmem.tiny.ssShared", "HAKMEM_TINY_SS_SHARED", "1", new OptionType.Bool()),
    /** Free-list implementation of box-tls-sll for Tiny: an intrusive linked list, or an on-heap magazine. */
    TINY_TLS_SLL("hakmem.tiny.tlsSll", "HAKMEM_TINY_TLS_SLL", "magazine",
            new OptionType.Choice(java.util.List.of("intrusive", "magazine"), java.util.List.of("1", "0"),
                    java.util.List.of("intrusive", "magazine"))),
    /** Blocks moved from a slab into a thread's list per Tiny refill. */
    TINY_REFILL("hakmem.tiny.refill", "HAKMEM_TINY_REFILL_COUNT", "32", new OptionType.IntRange(8, 64)),
    /**
     * Most blocks a thread's Tiny list holds per class before it spills back to the slabs; Tiny
     * also holds no more than 1 MiB of blocks per list, but never fewer than a refill.
     */
    TINY_LIST_CAPACITY("hakmem.tiny.listCapacity", "HAKMEM_TINY_TLS_CAPACITY", "256", new OptionType.IntRange(16, 4096)),
    /** Blocks per Small-Mid refill. */
    SMALLMID_REFILL("hakmem.smallmid.refill", "HAKMEM_SMALLMID_REFILL_COUNT", "16", new OptionType.IntRange(8, 16)),
    /** Blocks per Mid (PoolTLS) refill. */
    MID_REFILL("hakmem.mid.refill", "HAKMEM_MID_REFILL_COUNT", "8", new OptionType.IntRange(1, 64)),
    /**
     * Resident free bytes each Mid class (8 KiB blocks and up) keeps in its backend; beyond it the
     * free blocks' pages go back to the OS. 0 gives them back at every chance.
     */
    MID_KEEP_FREE("hakmem.mid.keepFree", "HAKMEM_MID_KEEP_FREE", "1m", new OptionType.Size(0, 1L << 40, false)),
    /**
     * 1: a thread's free within one slab (Tiny) or registry granule (Mid) reads that slot of the
     * map without looking the address up (the same checks follow). Tiny's slab is the one its last
     * refill took from, armed when the refill before was of the same class (a one-size phase);
     * Mid's is the granule its last four looked-up frees went to. 0: every free looks its address
     * up. An A/B switch: it speeds up frees that stay in one slab (fixed sizes: 1.3-1.6x); with
     * Tiny's rule, frees of mixed sizes pay nothing for it (docs/measurements.md). Mid's gain needs the
     * JIT to hoist its checks out of the caller's loop, which it does only while no free there
     * ever takes the lookup: one fixed size whose live blocks lay in two Mid regions (fixed-16384
     * with 1 MiB regions) ran 180-280 M ops/s with it and 255-367 without.
     */
    FAST_FREE("hakmem.fastFree", "HAKMEM_FAST_FREE", "1", new OptionType.Bool()),
    /**
     * Size and alignment of a SuperSlab (a region of any box's source). 4 MiB, not the seed's 2:
     * Mid's coloured 16 KiB class holds 127 blocks in 2 MiB, so fixed-16384's 128 live blocks
     * spanned two regions, and the fast free, armed to one, kept disarming. Interleaved 1-fork
     * SlotBench runs: fixed-16384 160-162 M ops/s with 2 MiB, 407-421 with 4 MiB (floor
     * 361-383); fixed-16, fixed-1024, random-mixed and mixed-wide unchanged; mixed-wide's own
     * resident bytes 1.196x live (1.202x with 2 MiB). Pages of a region are resident only once
     * touched, and trim still gives every empty region back. Address space is what grows: each
     * Mid class in use (25, aligned ones included) maps at least one region, which counts
     * against {@code hakmem.mapping.limit}, and each large block starts on a granule of its own.
     * With a wide Tiny ({@link #TINY_WIDE}) the default is 8 MiB, twice its 4 MiB slabs; 4 MiB
     * otherwise ({@link #narrowDefaultText}).
     */
    SUPERSLAB_SIZE("hakmem.superslab.size", "HAKMEM_SUPERSLAB_SIZE", "8m", new OptionType.Size(1L << 20, 64L << 20, true)),
    /**
     * Size of a slab inside a SuperSlab: 4 MiB with a wide Tiny ({@link #TINY_WIDE}), on 8 MiB
     * SuperSlabs, else 64 KiB on 4 MiB ones ({@link #narrowDefaultText}). Why 4 MiB: Tiny's free
     * slows to about 200 M ops/s where a fixed size's live blocks span two slabs or more
     * (fixed-16384: 201 with 2 MiB slabs, 533 with 4 MiB, 1-fork SlotBench runs).
     */
    SLAB_SIZE("hakmem.slab.size", "HAKMEM_SLAB_SIZE", "4m", new OptionType.Size(16L << 10, 32L << 20, true)),
    /** Empty SuperSlabs kept mapped for reuse (the seed's LRU), per region source. */
    SUPERSLAB_CACHE("hakmem.superslab.cache", "HAKMEM_SS_CACHE_MAX", "8", new OptionType.IntRange(0, 1024)),
    /** Milliseconds an empty cached SuperSlab stays resident before it is purged (0: at once). */
    PURGE_DELAY_MS("hakmem.purge.delayMs", "HAKMEM_PURGE_DELAY_MS", "1000", new OptionType.IntRange(0, 3_600_000)),
    /** Freed large blocks kept mapped for reuse. */
    LARGE_CACHE("hakmem.large.cache", "HAKMEM_LARGE_CACHE_MAX", "4", new OptionType.IntRange(0, 64)),
    /** Most bytes hakmem maps from the OS at once; 0 means no limit of its own. */
    MAPPING_LIMIT("hakmem.mapping.limit", "HAKMEM_MAPPING_LIMIT", "0", new OptionType.Size(0, 1L << 50, false)),
    /** Largest single request; larger ones are refused with an error naming this option. */
    MAX_ALLOCATION("hakmem.maxAllocation", "HAKMEM_MAX_ALLOCATION", "64g", new OptionType.Size(64L << 10, 1L << 46, false)),
    /** What the external guard does with a refused address. */
    GUARD_POLICY("hakmem.guard.policy", "HAKMEM_EXTERNAL_GUARD_POLICY", "throw", new OptionType.EnumName<>(GuardPolicy.class)),
    /** Also log each refused address, once per call site and reason (the seed's switch). */
    GUARD_LOG("hakmem.guard.log", "HAKMEM_EXTERNAL_GUARD_LOG", "0", new OptionType.Bool()),
    /** Print the guard's report (top reasons, size bands) when the threshold is crossed (the seed's switch). */
    GUARD_STATS("hakmem.guard.stats", "HAKMEM_EXTERNAL_GUARD_STATS", "0", new OptionType.Bool()),
    /** Refused addresses after which the guard writes its report. */
    GUARD_REPORT_THRESHOLD("hakmem.guard.reportThreshold", "HAKMEM_EXTERNAL_GUARD_REPORT_THRESHOLD", "1000",
            new OptionType.IntRange(1, Integer.MAX_VALUE)),
    /** How much checking the boxes do. */
    CHECK_LEVEL("hakmem.check", "HAKMEM_CHECK_LEVEL", "default", new OptionType.EnumName<>(CheckLevel.class));

    private final String property;
    private final String environment;
    private final String defaultText;
    /** Immutable: every {@link OptionType} is a record of immutable values (box-api takes no annotation library). */
    @SuppressWarnings("ImmutableEnumChecker")
    private final OptionType type;

    HakmemOption(String property, String environment, String defaultText, OptionType type) {
        this.property = property;
        this.environment = environment;
        this.defaultText = defaultText;
        this.type = type;
    }

    /** The system property, e.g. {@code hakmem.tiny.maxClass}. */
    public String property() {
        return property;
    }

    /** The environment variable, e.g. {@code HAKMEM_TINY_MAX_CLASS}. */
    public String environment() {
        return environment;
    }

    /** The default, as text. */
    public String defaultText() {
        return defaultText;
    }

    /**
     * The default when Tiny is not wide ({@link #TINY_WIDE} 0): 64k for {@link #SLAB_SIZE}, 4m
     * for {@link #SUPERSLAB_SIZE}, 0 for {@link #TINY_WIDE} itself, else {@link #defaultText}.
     */
    public String narrowDefaultText() {
        return switch (this) {
            case SLAB_SIZE -> "64k";
            case SUPERSLAB_SIZE -> "4m";
            case TINY_WIDE -> "0";
            default -> defaultText;
        };
    }

    /** What the option allows, e.g. "an integer from 0 to 7". */
    public String allowed() {
        return type.allowed();
    }

    /** Finds the option of a system property name, or {@code null}. */
    public static HakmemOption ofProperty(String name) {
        for (HakmemOption o : values()) {
            if (o.property.equals(name)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Parses a value for this option.
     *
     * @param text   the value as given
     * @param source where it came from, for the message (e.g. "system property")
     * @throws ConfigException naming the option, the value, the source and what is allowed
     */
    Object parse(String text, String source) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("hakmem option " + property + " (" + environment + "): value '" + text
                    + "' from " + source + " is not allowed; allowed: " + type.allowed());
        }
    }
}
