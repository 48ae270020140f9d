package org.hakmem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.hakmem.bench.workload.Slots;
import org.hakmem.bench.workload.Workload;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.api.config.HakmemOption;
import org.hakmem.box.routing.Hakmem;

/**
 * The seed's shared-pool result, re-measured: SuperSlabs and mmap/munmap calls of Tiny's
 * SuperSlab source with one slab pool shared by all classes ({@code HAKMEM_TINY_SS_SHARED=1})
 * against one pool per class ({@code =0}), on random-mixed and mixed-wide. Counts, not times: one
 * run each is exact.
 */
final class PoolCount {

    private static final int STEPS = 2_000_000;

    private PoolCount() {}

    static void run(Path out) throws IOException {
        StringBuilder md = new StringBuilder("# Tiny SuperSlabs: shared pool against one pool per class\n\n")
                .append(STEPS).append(" steps of each workload on the heap handle, then every block freed and `trim()`. ")
                .append("Figures are Tiny's own SuperSlab source (Mid and large blocks have their own).\n\n")
                .append("| workload | HAKMEM_TINY_SS_SHARED | SuperSlabs mapped | peak live | mmap calls | munmap calls | slabs taken |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String w : List.of("random-mixed", "mixed-wide")) {
            for (int shared : new int[] {1, 0}) {
                Hakmem hk = Hakmem.create(HakmemConfig.builder().properties(new Properties()).environment(Map.of())
                        .set(HakmemOption.TINY_SS_SHARED, shared).build());
                Subject s = Subjects.heapOf(hk);
                Workload wl = Workload.of(w);
                Slots slots = wl.newSlots();
                wl.run(s, slots, STEPS);
                slots.freeAll(s);
                hk.trim();
                BoxStats src = hk.stats().box("superslab-tiny");
                BoxStats tiny = hk.stats().box("tiny-front");
                String row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", w, shared,
                        src.counter("superSlabsMapped"), src.counter("superSlabsPeak"), src.counter("mmapCalls"),
                        src.counter("munmapCalls"), tiny.counter("slabsTaken"));
                md.append(row);
                System.out.print(row);
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("pools.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.println("\nhakmem bench: written to " + out.resolve("pools.md"));
    }
}
