package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void blocksOfBothHalvesAreDistinctAndReturnToTheirOwnHalf() {
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
            long small = s.malloc(1024);
            long large = s.malloc(2048);
            s.free(large);
            assertNotEquals(large, s.malloc(1024), "a block above 1 KiB went back to the low half");
            assertEquals(large, s.malloc(2048), "the freed 2 KiB block is the high half's next");
            s.free(small);
            assertEquals(small, s.malloc(1000), "the freed 1 KiB block is the low half's next");
            handles.forEach(s::free);
        }
    }
}
