package org.hakmem.box.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactDivisionTest {

    private static final long LIMIT = 1L << ExactDivision.MAX_DIVIDEND_BITS;

    @Test
    void everyDividendForTheHardestAndTheUsedDivisors() {
        // Largest divisors have the largest error term; odd ones and the Mid classes are the ones used.
        int[] divisors = {16, 17, 48, 1280, 1792, 2560, 3583, 28672, 65535, 65536};
        for (int d : divisors) {
            long m = ExactDivision.magic(d);
            for (long n = 0; n < LIMIT; n++) {
                if (ExactDivision.quotient(n, m) != n / d) {
                    assertEquals(n / d, ExactDivision.quotient(n, m), "n=" + n + " d=" + d);
                }
            }
        }
    }

    @Test
    void sampledDividendsForEveryDivisor() {
        SplittableRandom r = new SplittableRandom(7);
        for (int d = ExactDivision.MIN_DIVISOR; d <= ExactDivision.MAX_DIVISOR; d++) {
            long m = ExactDivision.magic(d);
            for (int k = 0; k < 64; k++) {
                // Near multiples of d, where an inexact quotient would show first, and the top of the range.
                long n = Math.min(LIMIT - 1, r.nextLong(LIMIT / d + 1) * d + r.nextInt(-1, 2));
                n = k == 0 ? LIMIT - 1 : Math.max(0, n);
                if (ExactDivision.quotient(n, m) != n / d) {
                    assertEquals(n / d, ExactDivision.quotient(n, m), "n=" + n + " d=" + d);
                }
            }
        }
    }

    @Test
    void refusesDivisorsOutsideTheProvenRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExactDivision.magic(15));
        assertTrue(e.getMessage().contains("16..65536"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactDivision.magic(65537));
    }

    @Test
    void aQuotientOfMultipleIsTheQuotientForMultiplesAndAboveEveryQuotientOtherwise() {
        SplittableRandom r = new SplittableRandom(11);
        int[] divisors = {1, 3, 16, 48, 1024, 1280, 4160, 32768, 32832, 65535, 1 << 30};
        for (int d : divisors) {
            long inv = ExactDivision.oddInverse(d);
            int twos = Integer.numberOfTrailingZeros(d);
            long top = Long.divideUnsigned(-1L, d);
            for (int k = 0; k < 20_000; k++) {
                long q = r.nextLong(1L << 26);
                long n = q * d;
                assertEquals(q, ExactDivision.quotientOfMultiple(n, inv, twos), "d=" + d + " n=" + n);
                // Non-multiples near and far, negative ones included: each lands above every quotient.
                for (long m : new long[] {n + 1, n - 1, n + d / 2 + 1, r.nextLong(), -n - 1}) {
                    if (Long.remainderUnsigned(m, d) != 0) {
                        long got = ExactDivision.quotientOfMultiple(m, inv, twos);
                        assertTrue(Long.compareUnsigned(got, top) > 0, "d=" + d + " m=" + m + " gave " + got);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ExactDivision.oddInverse(0));
    }

    @Test
    void theOddInverseIsExactAndTheLargestMultipleGivesTheLargestQuotient() {
        for (int d = 1; d <= 1 << 16; d++) {
            long odd = (long) d >>> Integer.numberOfTrailingZeros(d);
            assertEquals(1L, odd * ExactDivision.oddInverse(d), "d=" + d);
            long top = Long.divideUnsigned(-1L, d);
            assertEquals(top, ExactDivision.quotientOfMultiple(top * d, ExactDivision.oddInverse(d), Integer.numberOfTrailingZeros(d)));
        }
    }

    @Test
    void isMultipleBelowHoldsExactlyForMultiplesUnderTheCount() {
        SplittableRandom r = new SplittableRandom(12);
        int[] divisors = {1, 3, 16, 48, 1024, 1280, 4160, 32768, 32832, 65535, 1 << 30};
        for (int d : divisors) {
            long inv = ExactDivision.oddInverse(d);
            long low = ExactDivision.lowBits(d);
            assertEquals(Integer.numberOfTrailingZeros(d), Long.bitCount(low), "d=" + d);
            long count = 1L << 20;
            long scaled = count * (low + 1);
            for (int k = 0; k < 20_000; k++) {
                long q = r.nextLong(count);
                long n = q * d;
                assertTrue(ExactDivision.isMultipleBelow(n, inv, low, scaled), "d=" + d + " n=" + n);
                // The first multiple past the bound, and non-multiples near and far, negative ones included.
                assertFalse(ExactDivision.isMultipleBelow(count * d, inv, low, scaled), "d=" + d + " at the bound");
                for (long m : new long[] {n + 1, n - 1, n + d / 2 + 1, n + (low + 1), r.nextLong(), -n - 1}) {
                    boolean multipleBelow = Long.remainderUnsigned(m, d) == 0 && Long.compareUnsigned(m / d, count) < 0;
                    assertEquals(multipleBelow, ExactDivision.isMultipleBelow(m, inv, low, scaled), "d=" + d + " m=" + m);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ExactDivision.lowBits(0));
    }

    @Test
    void isMultipleBelowAnswersEveryOffsetOfASmallSlab() {
        for (int d = 16; d <= 33_000; d += 16) {
            long inv = ExactDivision.oddInverse(d);
            long low = ExactDivision.lowBits(d);
            int count = (1 << 18) / d;
            long scaled = count * (low + 1);
            for (long n = -64; n < 1 << 18; n += 8) {
                boolean expected = n >= 0 && n % d == 0 && n / d < count;
                assertEquals(expected, ExactDivision.isMultipleBelow(n, inv, low, scaled), "d=" + d + " n=" + n);
            }
        }
    }
}
