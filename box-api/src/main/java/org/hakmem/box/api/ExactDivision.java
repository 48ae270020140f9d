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
 *
 * <p>A block-start test needs less: whether {@code n} is a multiple of {@code d}, and below a
 * bound. {@link #quotientOfMultiple} answers both with one multiply, one rotate and one compare,
 * for any {@code n} and any {@code d >= 1}:
 * <pre>
 *   d = odd * 2^twos      inverse = odd^-1 mod 2^64      r = rotateRight(n * inverse, twos)
 *   n a multiple of d:    r == n / d                (n read unsigned)
 *   otherwise:            r &gt; (2^64 - 1) / d        (so r &lt; count, for any count &lt;= 2^64 / d, fails)
 * </pre>
 * Why: for {@code n = q * d}, {@code n * inverse = q * 2^twos} exactly, and rotating drops the
 * zeros. The map {@code n -> r} is a bijection of the 64-bit numbers, and the multiples already
 * take every value up to {@code (2^64 - 1) / d}, so the others land above it (the divisibility
 * test of Granlund and Montgomery, 1994).
 *
 * <p>{@link #isMultipleBelow} asks the same question without the rotate, whose variable count
 * costs more than a mask on x86 ({@code ror r, cl} is two or three micro-ops, plus the move of
 * the count):
 * <pre>
 *   p = n * inverse       lowBits = 2^twos - 1
 *   n = q * d:                      p == q &lt;&lt; twos           (the low bits are zero)
 *   n not a multiple of 2^twos:     p &amp; lowBits != 0        (an odd factor keeps the trailing zeros)
 *   n = m * 2^twos, odd &#8740; m:      p &gt;&gt;&gt; twos &gt; (2^(64-twos) - 1) / odd
 * </pre>
 * The last line is the bijection argument again, on the {@code 64 - twos} high bits. So
 * {@code p < count << twos} (unsigned) and {@code (p & lowBits) == 0} hold together exactly for
 * the multiples {@code q * d} with {@code q < count}. For a power of two the inverse is 1 and
 * the test is the plain bound-and-mask test.
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

    /**
     * The inverse of the odd part of {@code d} modulo 2^64, for {@link #quotientOfMultiple}
     * (Newton's iteration: each step doubles the correct low bits, from 3).
     *
     * @throws IllegalArgumentException when {@code d < 1}
     */
    public static long oddInverse(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("divisor must be >= 1, got " + d);
        }
        long odd = (long) d >>> Integer.numberOfTrailingZeros(d);
        long x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /**
     * {@code n / d} (unsigned) when {@code n} is a multiple of {@code d}, else a number above
     * {@code (2^64 - 1) / d} read unsigned (see the class comment), given {@code oddInverse(d)}
     * and {@code twos = Integer.numberOfTrailingZeros(d)}. Compare the result with
     * {@link Long#compareUnsigned}: a non-multiple's may be negative as a signed number.
     */
    public static long quotientOfMultiple(long n, long oddInverse, int twos) {
        return Long.rotateRight(n * oddInverse, twos);
    }

    /**
     * The low bits a multiple of {@code d} has clear, {@code 2^twos - 1}, for {@link #isMultipleBelow}.
     *
     * @throws IllegalArgumentException when {@code d < 1}
     */
    public static long lowBits(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("divisor must be >= 1, got " + d);
        }
        return (d & -d) - 1L;
    }

    /**
     * True exactly when {@code n}, read unsigned, is {@code q * d} for some {@code q < count}
     * (see the class comment), given {@code oddInverse(d)}, {@code lowBits(d)} and {@code
     * scaledCount = count * (lowBits(d) + 1)}, for any {@code count <= (2^64 - 1) / d}: one
     * multiply, one unsigned compare and one mask test.
     */
    public static boolean isMultipleBelow(long n, long oddInverse, long lowBits, long scaledCount) {
        long p = n * oddInverse;
        return Long.compareUnsigned(p, scaledCount) < 0 && (p & lowBits) == 0;
    }

    /** {@code n / d} for {@code 0 <= n < 2^24}, given {@code magic(d)}. */
    public static long quotient(long n, long magic) {
        return (n * magic) >>> SHIFT;
    }
}
