package org.hakmem.box.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one box's counters: box-wide counters by name, and per size class where the box
 * has classes.
 *
 * @param box      the box's name ({@link Box#boxName()})
 * @param counters box-wide counters in a stable order (e.g. {@code "mmapCalls"})
 * @param classes  per-size-class counters, empty for boxes without classes
 */
public record BoxStats(String box, Map<String, Long> counters, List<ClassStats> classes) {

    /**
     * Per size class counters.
     *
     * @param blockSize the class's block size in bytes
     * @param counters  counters in a stable order (e.g. {@code "hits"}, {@code "refills"})
     */
    public record ClassStats(int blockSize, Map<String, Long> counters) {
        /** Copies the map so that the snapshot stays immutable. */
        public ClassStats {
            counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }
    }

    /** Copies both collections so that the snapshot stays immutable and keeps its order. */
    public BoxStats {
        Objects.requireNonNull(box, "box");
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        classes = List.copyOf(classes);
    }

    /** A snapshot with box-wide counters only. */
    public static BoxStats of(String box, Map<String, Long> counters) {
        return new BoxStats(box, counters, List.of());
    }

    /** The named counter, or 0 when the box does not have it. */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
