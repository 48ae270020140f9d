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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-box experiment subjects serve every size up to 32 KiB from one box alone, and are made by name only. */
class OneBoxSubjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {"mid-only", "tiny-only"})
    void everySizeGetsADistinctBlockAndItsFreedBlockBack(String name) {
        try (Subject s = Subjects.create(name, false)) {
            assertEquals(name, s.name());
            List<Long> handles = new ArrayList<>();
            Set<Long> addresses = new HashSet<>();
            for (long size = 1; size <= 32768; size = size == 32768 ? 32769 : Math.min(32768, size * 5 / 4 + 1)) {
                long h = s.malloc(size);
                s.touch(h, size);
                handles.add(h);
                assertTrue(addresses.add(h), "a block handed out twice: size " + size);
                // Its own class's list takes it back and hands it out next.
                s.free(h);
                assertEquals(h, s.malloc(size), "size " + size);
            }
            handles.forEach(s::free);
        }
    }

    /** Mid: another thread's view frees a block of this one's into its own heap, and hands it out next. */
    @Test
    void midOnlysOtherThreadFreesIntoItsOwnHeap() throws Exception {
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

    /** Tiny: another thread's free goes to the slab's owner, whose refill takes it back; that thread's own blocks are its own. */
    @Test
    void tinyOnlysOtherThreadFreesBackToTheOwner() throws Exception {
        try (Subject s = Subjects.create("tiny-only", true)) {
            long h = s.malloc(3000);
            long[] other = new long[1];
            Thread t = new Thread(() -> {
                Subject view = s.forThread();
                view.free(h);
                other[0] = view.malloc(3000);
                view.free(other[0]);
            });
            t.start();
            t.join();
            assertTrue(other[0] != 0 && other[0] != h, "the other thread's block comes from its own slab");
            // The owner gets its block back once its list runs dry and the refill drains remote frees.
            boolean back = false;
            List<Long> taken = new ArrayList<>();
            for (int i = 0; i < 1000 && !back; i++) {
                long b = s.malloc(3000);
                taken.add(b);
                back = b == h;
            }
            assertTrue(back, "the remotely freed block came back to its owner");
            taken.forEach(s::free);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mid-only", "tiny-only"})
    void anInteriorAddressIsRefusedAndTheSubjectIsNotInTheDefaultReport(String name) {
        try (Subject s = Subjects.create(name, false)) {
            long h = s.malloc(100);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.free(h + 16));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            s.free(h);
        }
        assertTrue(Subjects.EXTRA.contains(name) && !Subjects.ALL.contains(name));
        assertTrue(Subjects.KNOWN.containsAll(Subjects.ALL) && Subjects.KNOWN.contains(name));
    }
}
