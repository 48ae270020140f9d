package org.hakmem.box.api;

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
    void badTablesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.of(16, 8)).getMessage().contains("increase"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.of(8, 24)).getMessage().contains("alignment"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SizeClasses.of(12)).getMessage().contains("alignment"));
        assertThrows(IllegalArgumentException.class, () -> SizeClasses.of());
        assertThrows(IllegalArgumentException.class, () -> SizeClasses.powersOfTwo(8, 24));
    }
}
