package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.junit.jupiter.api.Test;

/**
 * The lookup floor hands out bare addresses, and its free finds each block's class from the
 * address alone: a freed block is the next one a malloc of its class gets (a wrong class would
 * put it on another stack, and a fresh block would come back instead).
 */
class LookupFloorTest {

    @Test
    void freeFindsTheClassFromTheBareAddress() {
        try (Subject s = Subjects.create("floor-lookup", false)) {
            assertEquals("floor-lookup", s.name());
            for (long size : new long[] {16, 17, 1000, 1024, 1025, 4096, 5000, 32768}) {
                long a = s.malloc(size);
                assertEquals(0, a % 16, "a bare address, 16-aligned: size " + size);
                s.touch(a, size);
                s.free(a);
                assertEquals(a, s.malloc(size), "size " + size);
                s.free(a);
            }
        }
    }

    /**
     * Two classes carve chunks in turn, so chunks of different classes share granules (a chunk is
     * rarely aligned to one): every block of both goes back to its own class.
     */
    @Test
    void everyBlockOfNeighbouringChunksGoesBackToItsClass() {
        try (Subject s = Subjects.create("floor-lookup", false)) {
            Set<Long> big = new HashSet<>();
            Set<Long> small = new HashSet<>();
            for (int i = 0; i < 1200; i++) {
                big.add(s.malloc(4096));
                small.add(s.malloc(2048));
            }
            big.forEach(s::free);
            small.forEach(s::free);
            Set<Long> bigAgain = new HashSet<>();
            Set<Long> smallAgain = new HashSet<>();
            for (int i = 0; i < 1200; i++) {
                bigAgain.add(s.malloc(4096));
                smallAgain.add(s.malloc(2048));
            }
            assertEquals(big, bigAgain);
            assertEquals(small, smallAgain);
        }
    }

    @Test
    void anotherThreadsViewFindsTheClassToo() {
        try (Subject s = Subjects.create("floor-lookup", false)) {
            long a = s.malloc(3000);
            long again = CompletableFuture.supplyAsync(() -> {
                Subject other = s.forThread();
                other.free(a);
                return other.malloc(4096);
            }).join();
            assertEquals(a, again, "the other view put the block on its stack of the 4 KiB class");
        }
    }
}
