package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.junit.jupiter.api.Test;

/** The one-box experiment subject serves every size up to 32 KiB from Mid alone, and is made by name only. */
class MidOnlyTest {

    @Test
    void everySizeGetsADistinctBlockAndItsFreedBlockBack() {
        try (Subject s = Subjects.create("mid-only", false)) {
            assertEquals("mid-only", s.name());
            List<Long> handles = new ArrayList<>();
            Set<Long> addresses = new HashSet<>();
            for (long size = 1; size <= 32768; size = size == 32768 ? 32769 : Math.min(32768, size * 5 / 4 + 1)) {
                long h = s.malloc(size);
                s.touch(h, size);
                handles.add(h);
                assertTrue(addresses.add(h), "a block handed out twice: size " + size);
                // Its own class's cache takes it back and hands it out next.
                s.free(h);
                assertEquals(h, s.malloc(size), "size " + size);
            }
            handles.forEach(s::free);
        }
    }

    /** Another thread's view frees a block of this one's into its own cache, and hands it out next (Mid's cross-thread frees). */
    @Test
    void anotherThreadsViewFreesIntoItsOwnHeap() throws Exception {
        try (Subject s = Subjects.create("mid-only", true)) {
            long h = s.malloc(3000);
            long[] again = new long[1];
            Thread t = new Thread(() -> {
                Subject view = s.forThread();
                view.free(h);
                again[0] = view.malloc(3000);
                view.free(again[0]);
            });
            t.start();
            t.join();
            assertEquals(h, again[0]);
        }
    }

    @Test
    void anInteriorAddressIsRefusedAndTheSubjectIsNotInTheDefaultReport() {
        try (Subject s = Subjects.create("mid-only", false)) {
            long h = s.malloc(100);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.free(h + 16));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            s.free(h);
        }
        assertTrue(Subjects.EXTRA.contains("mid-only") && !Subjects.ALL.contains("mid-only"));
        assertTrue(Subjects.KNOWN.containsAll(Subjects.ALL) && Subjects.KNOWN.contains("mid-only"));
    }
}
