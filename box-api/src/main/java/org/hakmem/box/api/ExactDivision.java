package org.hakmem.box.api;

/**
 * Division by a fixed block size as one multiply and one shift, for block-start tests and block
 * indices on free paths: a hardware divide costs tens of cycles, a multiply three or four.
 *
 * <pre>
 *   magic = ceil(2^40 / d)          q = (n * magic) >>> 40  ==  n / d
 * </pre>
 * Why it is exact: {@code n * magic / 2^40 = n / d + n * e / (d * 2^40)} with {@code e = magic * d - 2^40 < d}.
 * The error term stays below {@code 1 / d} while {@code n * e < 2^40}, which holds for
 * {@code n < 2^24} and {@code d <= 2^16}; {@code n * magic} stays below {@code 2^60} for
 * {@code d >= 16}. {@code ExactDivisionTest} checks every dividend for a set of divisors.
 */
public final class ExactDivision {

    /** Dividends must be below {@code 1 << MAX_DIVIDEND_BITS}. */
    public static final int MAX_DIVIDEND_BITS = 24;
    /** Smallest divisor. */
    public static final int MIN_DIVISOR = 16;
    /** Largest divisor. */
    public static final int MAX_DIVISOR = 1 << 16;

    private static final int SHIFT = 40;

    private ExactDivision() {}

    /**
     * The multiplier for divisor {@code d}.
     *
     * @throws IllegalArgumentException when {@code d} is outside {@link #MIN_DIVISOR}..{@link #MAX_DIVISOR}
     */
    public static long magic(int d) {
        if (d < MIN_DIVISOR || d > MAX_DIVISOR) {
            throw new IllegalArgumentException("divisor must be " + MIN_DIVISOR + ".." + MAX_DIVISOR + ", got " + d);
        }
        return ((1L << SHIFT) + d - 1) / d;
    }

    /** {@code n / d} for {@code 0 <= n < 2^24}, given {@code magic(d)}. */
    public static long quotient(long n, long magic) {
        return (n * magic) >>> SHIFT;
    }
}
