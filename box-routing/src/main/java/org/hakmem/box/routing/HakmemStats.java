package org.hakmem.box.routing;

import java.util.List;
import java.util.Map;
import org.hakmem.box.api.BoxStats;

/**
 * A statistics snapshot of every box of one allocator, in wiring order.
 *
 * @param boxes one snapshot per box
 */
public record HakmemStats(List<BoxStats> boxes) {

    /** Copies the list. */
    public HakmemStats {
        boxes = List.copyOf(boxes);
    }

    /** The snapshot of the box named {@code name} (see {@code Box.boxName()}). */
    public BoxStats box(String name) {
        for (BoxStats b : boxes) {
            if (b.box().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no box named '" + name + "' in this allocator; boxes: "
                + boxes.stream().map(BoxStats::box).toList());
    }

    /** A readable multi-line rendering: one block per box, counters then per-class rows. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (BoxStats b : boxes) {
            sb.append(b.box()).append('\n');
            for (Map.Entry<String, Long> e : b.counters().entrySet()) {
                sb.append(String.format("  %-20s %,d%n", e.getKey(), e.getValue()));
            }
            for (BoxStats.ClassStats c : b.classes()) {
                sb.append(String.format("  class %6d B:", c.blockSize()));
                c.counters().forEach((k, v) -> sb.append(String.format(" %s=%,d", k, v)));
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
