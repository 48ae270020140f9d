package org.hakmem.box.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hakmem.box.api.SizeClasses;
import org.hakmem.box.api.reference.ArenaRegionSource;
import org.hakmem.box.api.reference.SimpleSlabPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Tiny front whose classes are not all powers of two: its slabs test block starts by multiply
 * ({@link TinySlab#holdsBlock}) on every path, the owner's, another thread's and the front's own.
 */
class TinyMixedClassesTest {

    private static final SizeClasses CLASSES = SizeClasses.of(16, 48, 64, 96, 512, 1280);

    /** The free lists {@link TinyFrontTest} knows (Tiny's tests do not depend on box-tls-sll). */
    static java.util.stream.Stream<TinyFrontTest.Lists> lists() {
        return TinyFrontTest.lists();
    }

    @ParameterizedTest
    @MethodSource("lists")
    void blockStartsAreTestedByMultiplyOnEveryPath(TinyFrontTest.Lists l) throws Exception {
        TinyFront t = new TinyFront(CLASSES, 1280, new SimpleSlabPool(new ArenaRegionSource(64 << 10), 1), l.factory(), 8,
                16);
        List<Long> blocks = new ArrayList<>();
        for (int size : CLASSES.sizes()) {
            for (int k = 0; k < 20; k++) {
                blocks.add(t.allocate(size));
            }
            long b = blocks.get(blocks.size() - 1);
            assertEquals(size, t.usableSize(b));
            assertEquals(-1, t.usableSize(b + size / 2), "interior, " + size);
            assertFalse(t.free(b + size / 2), "interior, " + size);
        }
        // Another thread frees every other block (the remote path) and tries an interior address.
        long[] refused = new long[1];
        Thread other = new Thread(() -> {
            for (int i = 0; i < blocks.size(); i += 2) {
                if (!t.free(blocks.get(i))) {
                    refused[0]++;
                }
            }
            if (!t.free(blocks.get(1) + 8)) {
                refused[0] += 1000;
            }
        });
        other.start();
        other.join();
        assertEquals(1000, refused[0], "every block start taken, the interior address refused");
        for (int i = 1; i < blocks.size(); i += 2) {
            assertTrue(t.free(blocks.get(i)));
        }
        t.checkInvariants();
        // The owner gets the remotely freed blocks back: allocating as many again reuses them.
        List<Long> again = new ArrayList<>();
        for (int size : CLASSES.sizes()) {
            for (int k = 0; k < 20; k++) {
                again.add(t.allocate(size));
            }
        }
        assertTrue(again.containsAll(blocks.subList(0, 1)), "the first remotely freed block is handed out again");
        again.forEach(t::free);
        t.checkInvariants();
    }
}
