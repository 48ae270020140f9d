package org.hakmem.box.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
