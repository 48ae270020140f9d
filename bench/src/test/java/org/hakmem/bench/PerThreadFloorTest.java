package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floors that find the calling thread's stacks themselves (floor-tl through a ThreadLocal,
 * floor-cached through the convenience API's cache) keep one floor per thread and per instance.
 */
class PerThreadFloorTest {

    @ParameterizedTest
    @ValueSource(strings = {"floor-tl", "floor-cached"})
    void aThreadGetsBackWhatItFreedAndOthersDoNot(String name) throws InterruptedException {
        try (Subject s = Subjects.create(name, false)) {
            assertEquals(name, s.name());
            Set<Long> addresses = new HashSet<>();
            for (long size = 1; size <= 32768; size = size * 3 / 2 + 1) {
                long h = s.malloc(size);
                s.touch(h, size);
                assertTrue(addresses.add(h & ~15L), "a block handed out twice: size " + size);
            }
            long h = s.malloc(64);
            s.free(h);
            AtomicLong other = new AtomicLong();
            Thread t = new Thread(() -> other.set(s.malloc(64)));
            t.start();
            t.join();
            assertNotEquals(h, other.get(), "another thread took this thread's freed block");
            assertTrue(addresses.add(other.get() & ~15L), "another thread's block overlaps this thread's");
            assertEquals(h, s.malloc(64), "the freed block is this thread's next one");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"floor-tl", "floor-cached"})
    void oneThreadAlternatingBetweenTwoInstancesGetsEachOnesFloor(String name) {
        try (Subject a = Subjects.create(name, false); Subject b = Subjects.create(name, false)) {
            for (int round = 0; round < 3; round++) {
                long ha = a.malloc(128);
                long hb = b.malloc(128);
                assertNotEquals(ha & ~15L, hb & ~15L, "two instances handed out one block");
                a.free(ha);
                b.free(hb);
                // Each instance's next block of the size is the one freed to it, not the other's.
                assertEquals(ha, a.malloc(128), "round " + round + ": instance a's freed block went elsewhere");
                assertEquals(hb, b.malloc(128), "round " + round + ": instance b's freed block went elsewhere");
                a.free(ha);
                b.free(hb);
            }
        }
    }
}
