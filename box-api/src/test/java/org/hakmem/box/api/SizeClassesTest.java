package org.hakmem.box.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lookup table against the formula it stands for, for every size. */
class SizeClassesTest {

    /** The reference: the first class whose size holds {@code size}, by linear search. */
    private static int slowClassOf(SizeClasses c, long size) {
        for (int i = 0; i < c.count(); i++) {
            if (c.size(i) >= size) {
                return i;
            }
        }
        throw new AssertionError("no class for " + size);
    }

    private static void checkEverySize(SizeClasses c) {
        for (long s = 1; s <= c.maxSize(); s++) {
            int k = c.classOf(s);
            assertEquals(slowClassOf(c, s), k, "size " + s + " in " + c);
            assertTrue(c.size(k) >= s && (k == 0 || c.size(k - 1) < s));
        }
    }

    @Test
    void tinyClassesAreTheSeedsAndMatchTheFormula() {
        assertEquals(8, SizeClasses.TINY.count());
        assertEquals(8, SizeClasses.TINY.size(0));
        assertEquals(1024, SizeClasses.TINY.maxSize());
        checkEverySize(SizeClasses.TINY);
    }

    @Test
    void irregularClassesMatchTheFormula() {
        checkEverySize(SizeClasses.of(8, 16, 48, 80, 112, 256, 1008, 4096, 32768));
    }

    @Test
    void powersOfTwoAreNaturallySized() {
        SizeClasses c = SizeClasses.powersOfTwo(1024, 32768);
        assertEquals(6, c.count());
        for (int i = 0; i < c.count(); i++) {
            assertEquals(1024 << i, c.size(i));
        }
        checkEverySize(c);
    }

    @Test
    void stepsSplitEachDoublingEvenlyAndColourMultiplesOf4KiB() {
        assertArrayEquals(new int[] {1024, 1280, 1536, 1792, 2048}, SizeClasses.steps(1024, 2048, 4).sizes());
        assertArrayEquals(new int[] {4160, 4608, 5120, 5632, 6144, 6656, 7168, 7680, 8256},
                SizeClasses.steps(4096, 8192, 8).sizes());
        assertArrayEquals(SizeClasses.steps(1024, 32768, 4).sizes(), SizeClasses.quarterSteps(1024, 32768).sizes());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.steps(64, 128, 8)).getMessage()
                .contains("min/16 = 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.steps(1024, 2048, 3)).getMessage()
                .contains("got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.steps(1000, 2048, 4)).getMessage()
                .contains("1000..2048"));
    }

    @Test
    void wideClassesStepByQuartersTo4KiBThenByEighths() {
        SizeClasses w = SizeClasses.WIDE;
        assertEquals(39, w.count());
        assertArrayEquals(new int[] {16, 32, 64, 128, 256, 512, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4160,
            4608, 5120}, java.util.Arrays.copyOf(w.sizes(), 17));
        assertEquals(30720, w.size(37));
        assertEquals(32832, w.maxSize());
        for (int i = 1; i < w.count(); i++) {
            assertEquals(0, w.size(i) % 16, "class " + w.size(i));
            assertTrue(w.size(i) <= 2 * w.size(i - 1));
        }
        checkEverySize(w);
    }

    @Test
    void badTablesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.of(16, 8)).getMessage().contains("increase"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.of(8, 24)).getMessage().contains("alignment"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.of(12)).getMessage().contains("alignment"));
        assertThrows(IllegalArgumentException.class, () -> SizeClasses.of());
        assertThrows(IllegalArgumentException.class, () -> SizeClasses.powersOfTwo(8, 24));
    }
}
