package org.hakmem.box.tlssll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hakmem.box.api.FreeList;
import org.hakmem.box.api.FreeListFactory;
import org.hakmem.box.api.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract suite, run against every implementation (blocks carved from a JDK arena). */
class FreeListContractTest {

    private static final int BLOCK = 32;
    private Arena arena;
    private long base;

    static Stream<FreeListFactory> implementations() {
        return FreeLists.all().stream();
    }

    @BeforeEach
    void carve() {
        arena = Arena.ofConfined();
        base = arena.allocate(BLOCK * 256L, 16).address();
    }

    @AfterEach
    void close() {
        arena.close();
    }

    private long block(int i) {
        return base + (long) i * BLOCK;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void lifoPushPopAndEmpty(FreeListFactory f) {
        FreeList l = f.create(BLOCK, 8);
        assertEquals(0, l.pop());
        assertEquals(8, l.capacity());
        for (int i = 0; i < 3; i++) {
            assertTrue(l.push(block(i)));
        }
        assertEquals(3, l.size());
        assertEquals(block(2), l.pop());
        assertEquals(block(1), l.pop());
        assertEquals(block(0), l.pop());
        assertEquals(0, l.pop());
        assertEquals(0, l.size());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aFullListRefusesAndChangesNothing(FreeListFactory f) {
        FreeList l = f.create(BLOCK, 4);
        for (int i = 0; i < 4; i++) {
            assertTrue(l.push(block(i)));
        }
        assertFalse(l.push(block(4)));
        assertEquals(4, l.size());
        assertEquals(block(3), l.pop());
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void batchesMoveExactlyWhatFits(FreeListFactory f) {
        FreeList l = f.create(BLOCK, 10);
        long[] in = new long[16];
        for (int i = 0; i < 16; i++) {
            in[i] = block(i);
        }
        assertEquals(10, l.pushBatch(in, 16));
        long[] out = new long[16];
        assertEquals(4, l.popBatch(out, 4));
        assertEquals(6, l.size());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(out[i]);
        }
        int n = l.popBatch(out, 16);
        assertEquals(6, n);
        for (int i = 0; i < n; i++) {
            seen.add(out[i]);
        }
        assertEquals(10, seen.size(), "every block pushed comes back exactly once");
        for (int i = 0; i < 10; i++) {
            assertTrue(seen.contains(block(i)));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void randomOperationsMatchAReferenceStack(FreeListFactory f) {
        FreeList l = f.create(BLOCK, 64);
        ArrayDeque<Long> ref = new ArrayDeque<>();
        SplittableRandom rnd = new SplittableRandom(7);
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            out.add(block(i));
        }
        for (int step = 0; step < 20_000; step++) {
            if (rnd.nextBoolean() && !out.isEmpty()) {
                long b = out.iterator().next();
                boolean pushed = l.push(b);
                assertEquals(ref.size() < 64, pushed);
                if (pushed) {
                    out.remove(b);
                    ref.push(b);
                }
            } else {
                long b = l.pop();
                assertEquals(ref.isEmpty() ? 0L : ref.pop(), b);
                if (b != 0) {
                    out.add(b);
                }
            }
            assertEquals(ref.size(), l.size());
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void badArgumentsAreRefused(FreeListFactory f) {
        assertThrows(IllegalArgumentException.class, () -> f.create(4, 8));
        assertThrows(IllegalArgumentException.class, () -> f.create(BLOCK, 0));
    }

    @Test
    void namesAreTheConfigurationValues() {
        assertEquals("intrusive", FreeLists.byName("INTRUSIVE").name());
        assertEquals("magazine", FreeLists.byName("magazine").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FreeLists.byName("skiplist"));
        assertTrue(e.getMessage().contains("skiplist") && e.getMessage().contains("intrusive, magazine"));
    }

    @Test
    void theCheckedIntrusiveListCatchesACorruptedLinkAndDoesNotFollowIt() {
        FreeListFactory checked = FreeLists.checked(FreeLists.INTRUSIVE,
                a -> a >= base && a < base + 256L * BLOCK && (a - base) % BLOCK == 0);
        FreeList l = checked.create(BLOCK, 8);
        l.push(block(0));
        l.push(block(1));
        // A write after free: the user scribbles over the link inside the free block.
        NativeMemory.putLong(block(1), 0xdead_beef_0000L);
        IllegalStateException e = assertThrows(IllegalStateException.class, l::pop);
        assertTrue(e.getMessage().contains("write after free"), e.getMessage());
        assertEquals(2, l.size(), "the corrupted list was not advanced");
    }

    @Test
    void theMagazineKeepsNoPointerInUserMemory() {
        FreeList l = FreeLists.MAGAZINE.create(BLOCK, 8);
        NativeMemory.putLong(block(0), 0x1234);
        l.push(block(0));
        l.push(block(1));
        assertEquals(0x1234, NativeMemory.getLong(block(0)), "the block's bytes are untouched");
        NativeMemory.putLong(block(1), -1);
        assertEquals(block(1), l.pop());
        assertEquals(block(0), l.pop());
    }
}
