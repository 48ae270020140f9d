package org.hakmem.box.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassCacheTest {

    /** Hands out 1000 * (c + 1) + k for the k-th block of class c; records what comes back. */
    private static final class Fake implements ClassCache.Backend {
        final int[] next = new int[2];
        final List<Long> back = new ArrayList<>();
        int fills;

        @Override
        public int fill(int c, long[] into, int n) {
            fills++;
            for (int i = 0; i < n; i++) {
                into[i] = 1000L * (c + 1) + next[c]++;
            }
            return n;
        }

        @Override
        public void giveBack(int c, long[] blocks, int n) {
            for (int i = 0; i < n; i++) {
                back.add(blocks[i]);
            }
        }
    }

    @Test
    void popRefillsABatchAndHandsOutTheNewestFirst() {
        Fake f = new Fake();
        ClassCache cache = new ClassCache(2, 4, f);
        assertEquals(1003, cache.pop(0), "the batch's last block first");
        assertEquals(1002, cache.pop(0));
        assertEquals(1, f.fills);
        assertEquals(2003, cache.pop(1), "classes are separate");
        assertArrayEquals(new long[] {1000, 1001}, cache.cached(0));
        cache.pop(0);
        cache.pop(0);
        cache.pop(0);
        assertEquals(3, f.fills, "an empty stack refills");
        assertEquals(3, cache.refills());
    }

    @Test
    void aFullStackGivesItsOlderHalfBack() {
        Fake f = new Fake();
        ClassCache cache = new ClassCache(1, 2, f);
        for (long b = 1; b <= 4; b++) {
            cache.push(0, b);
        }
        assertEquals(List.of(), f.back, "a stack holds twice the refill");
        cache.push(0, 5);
        assertEquals(List.of(1L, 2L), f.back, "the older half went back");
        assertArrayEquals(new long[] {3, 4, 5}, cache.cached(0));
        assertEquals(5, cache.pop(0), "LIFO");
        cache.release();
        assertEquals(List.of(1L, 2L, 3L, 4L), f.back);
        assertArrayEquals(new long[0], cache.cached(0));
    }

    @Test
    void refusesAnEmptyShape() {
        assertThrows(IllegalArgumentException.class, () -> new ClassCache(0, 4, new Fake()));
        assertThrows(IllegalArgumentException.class, () -> new ClassCache(1, 0, new Fake()));
    }
}
