package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.junit.jupiter.api.Test;

/** The split floor hands out distinct blocks of both halves and takes each back to the half it came from. */
class SplitFloorTest {

    @Test
    void blocksOfBothHalvesAreDistinct() {
        try (Subject s = Subjects.create("floor-split", false)) {
            assertEquals("floor-split", s.name());
            List<Long> handles = new ArrayList<>();
            Set<Long> addresses = new HashSet<>();
            for (long size = 1; size <= 32768; size = size * 3 / 2 + 1) {
                long h = s.malloc(size);
                s.touch(h, size);
                handles.add(h);
                assertTrue(addresses.add(h & ~15L), "a block handed out twice: size " + size);
            }
            handles.forEach(s::free);
        }
    }

    /**
     * A block freed on either side of the cut is the next one its own size gets back: it went to
     * the half that malloc of that size takes from (a cut at the wrong size, in malloc or in free,
     * sends it to the other half, and a fresh block comes back instead).
     */
    @Test
    void eachSideOfTheCutGetsItsOwnBlocksBack() {
        try (Subject s = Subjects.create("floor-split", false)) {
            for (long size : new long[] {16, 1000, 1024, 1025, 2048, 32768}) {
                long h = s.malloc(size);
                s.free(h);
                assertEquals(h, s.malloc(size), "size " + size);
                s.free(h);
            }
        }
    }
}
