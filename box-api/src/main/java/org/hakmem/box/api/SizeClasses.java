package org.hakmem.box.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An immutable table of size classes: block sizes in increasing order, and the O(1) map from a
 * request size to the smallest class that holds it.
 *
 * <pre>
 *   request size:   1 ..  8 | 9 .. 16 | 17 .. 32 | ... | 513 .. 1024
 *   class index:        0   |    1    |     2    | ... |      7        (the seed's Tiny classes)
 *
 *   lookup:  index[(size + 7) &gt;&gt;&gt; 3]   one byte per 8-byte step up to the largest class
 * </pre>
 * Invariant: {@code size(classOf(s)) >= s} and {@code classOf(s) == 0 || size(classOf(s) - 1) < s}
 * for every {@code s} in {@code 1..maxSize()}; {@code SizeClassesTest} checks the table against
 * that formula for every size.
 *
 * <p>Alignment: every class size is a multiple of 8, and of 16 from 16 up, so blocks carved from
 * an aligned slab at multiples of their size keep the alignment the design promises (8 for the
 * 8-byte class, 16 above, natural alignment for power-of-two classes).
 *
 * <p>Thread-safety: immutable, safe to share.
 */
public final class SizeClasses {

    /** The seed's Tiny classes: 8, 16, 32, ..., 1024. */
    public static final SizeClasses TINY = powersOfTwo(8, 1024);

    /** The colour added to a class that would be a multiple of 4 KiB: one cache line (see {@link #MID}). */
    public static final int COLOUR = 64;

    /**
     * Mid's classes: 1 KiB to 32 KiB, four per doubling, a multiple of 4 KiB coloured: 1024,
     * 1280, ..., 3584, 4160, 5120, 6144, 7168, 8256, 10240, ..., 28736, 32832. Four per doubling
     * waste at most a fifth of a block (powers of two waste up to half). Why coloured: blocks
     * carved at a stride of exactly 4 KiB all start in the same L1 cache sets.
     */
    public static final SizeClasses MID = quarterSteps(1024, 32768);

    /**
     * Every size to 32 KiB in one box, 39 classes: Tiny's powers of two from 16 B to 512 B (16 B,
     * not 8 B, so that every class is a multiple of 16), four classes per doubling from 1 KiB to
     * 4 KiB as in {@link #MID}, then eight per doubling to 32 KiB, each multiple of 4 KiB
     * coloured: ..., 3584, 4160, 4608, 5120, ..., 7680, 8256, 9216, ..., 28672, 30720, 32832.
     *
     * <p>Why eight per doubling above 4 KiB: there the blocks hold most of the bytes, and a
     * quarter step rounds a request up by a twelfth of its size on average, an eighth step by
     * half that. Finer classes alone hold more memory, not less (each class keeps its own free
     * blocks, and more classes keep more); with a Tiny that borrows from the next classes up
     * when it would otherwise carve (see {@code TinyHeap}) they hold less. The memory probe's
     * loop (mixed-wide sizes, 16384 slots), resident bytes over live bytes: quarter steps 1.239x,
     * eighth steps 1.263x, quarter steps with borrowing 1.207x, eighth steps with borrowing
     * 1.186x.
     */
    public static final SizeClasses WIDE = of(Stream.of(IntStream.of(16, 32, 64, 128, 256, 512),
            IntStream.of(steps(1024, 4096, 4).sizes()), IntStream.of(steps(4096, 32768, 8).sizes()))
            .flatMapToInt(s -> s).distinct().toArray());

    private final int[] sizes;
    /** {@code lookup[(size + 7) >>> 3]} is the class index for {@code size}; a byte keeps the table in one or two cache lines. */
    private final byte[] lookup;

    private SizeClasses(int[] sizes) {
        this.sizes = sizes;
        int max = sizes[sizes.length - 1];
        this.lookup = new byte[(max >>> 3) + 1];
        int c = 0;
        for (int step = 1; step < lookup.length; step++) {
            while (sizes[c] < step << 3) {
                c++;
            }
            lookup[step] = (byte) c;
        }
    }

    /**
     * A table of the given sizes.
     *
     * @throws IllegalArgumentException when there are no sizes, more than 127, a size is not a
     *         multiple of 8 (or of 16 from 16 up), is not increasing, or exceeds 1 MiB
     */
    public static SizeClasses of(int... sizes) {
        if (sizes.length == 0 || sizes.length > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("size classes: need 1..127 sizes, got " + sizes.length);
        }
        int prev = 0;
        for (int s : sizes) {
            if (s <= prev) {
                throw new IllegalArgumentException("size classes: sizes must increase, got " + s + " after " + prev
                        + " in " + Arrays.toString(sizes));
            }
            if (s % 8 != 0 || (s >= 16 && s % 16 != 0)) {
                throw new IllegalArgumentException("size classes: " + s
                        + " breaks alignment (multiple of 8 required, of 16 from 16 up)");
            }
            if (s > 1 << 20) {
                throw new IllegalArgumentException("size classes: " + s + " exceeds 1 MiB");
            }
            prev = s;
        }
        return new SizeClasses(sizes.clone());
    }

    /** Powers of two from {@code min} to {@code max}, both powers of two. */
    public static SizeClasses powersOfTwo(int min, int max) {
        if (Integer.bitCount(min) != 1 || Integer.bitCount(max) != 1 || min > max || min < 8) {
            throw new IllegalArgumentException("size classes: powers of two need 8 <= min <= max, both powers of two; got "
                    + min + ".." + max);
        }
        int n = Integer.numberOfTrailingZeros(max) - Integer.numberOfTrailingZeros(min) + 1;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = min << i;
        }
        return of(s);
    }

    /**
     * Four classes per doubling from {@code min} to {@code max} (powers of two, {@code 64 <= min
     * <= max}), each that is a multiple of 4 KiB coloured by {@link #COLOUR}.
     *
     * @throws IllegalArgumentException for other bounds
     */
    public static SizeClasses quarterSteps(int min, int max) {
        return steps(min, max, 4);
    }

    /**
     * {@code perDoubling} classes per doubling from {@code min} to {@code max}, evenly spaced,
     * each that is a multiple of 4 KiB coloured by {@link #COLOUR}: {@code steps(1024, 2048, 4)}
     * is 1024, 1280, 1536, 1792, 2048.
     *
     * @param min         a power of two, at least 64
     * @param max         a power of two, at least {@code min}
     * @param perDoubling a power of two from 1 to {@code min / 16} (so every step is a multiple of 16)
     * @throws IllegalArgumentException for other arguments, naming them
     */
    public static SizeClasses steps(int min, int max, int perDoubling) {
        if (Integer.bitCount(min) != 1 || Integer.bitCount(max) != 1 || min < 64 || min > max) {
            throw new IllegalArgumentException("size classes: steps need powers of two 64 <= min <= max; got "
                    + min + ".." + max);
        }
        if (Integer.bitCount(perDoubling) != 1 || perDoubling > min / 16) {
            throw new IllegalArgumentException("size classes: steps per doubling must be a power of two from 1 to min/16 = "
                    + min / 16 + "; got " + perDoubling);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int p = min; p < max; p <<= 1) {
            for (int q = 0; q < perDoubling; q++) {
                sizes.add(coloured(p + q * (p / perDoubling)));
            }
        }
        sizes.add(coloured(max));
        return of(sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code size}, or {@code size + COLOUR} when it is a multiple of 4 KiB. */
    public static int coloured(int size) {
        return size % 4096 == 0 ? size + COLOUR : size;
    }

    /**
     * The largest power of two {@code p} such that every power of two from the first class up to
     * {@code p} is a class (blocks of those classes, carved from aligned slabs, are naturally
     * aligned); 0 when the first class is not a power of two.
     */
    public int largestNaturalPowerOfTwo() {
        int p = 0;
        for (int next = sizes[0]; Integer.bitCount(next) == 1 && indexOf(next) >= 0; next <<= 1) {
            p = next;
        }
        return p;
    }

    private int indexOf(int size) {
        return Arrays.binarySearch(sizes, size);
    }

    /** Number of classes. */
    public int count() {
        return sizes.length;
    }

    /** Block size of class {@code index}. */
    public int size(int index) {
        return sizes[index];
    }

    /** The largest request size the table holds. */
    public int maxSize() {
        return sizes[sizes.length - 1];
    }

    /**
     * Index of the smallest class holding {@code size} bytes.
     *
     * <p>Precondition: {@code 1 <= size <= maxSize()}; callers route other sizes elsewhere
     * first, so the hot path carries no range test of its own.
     */
    public int classOf(long size) {
        return lookup[(int) ((size + 7) >>> 3)];
    }

    /**
     * A copy of the lookup table: {@code table[(int) ((size + 7) >>> 3)]} is {@link #classOf}
     * {@code (size)}. A front that keeps its own copy in a field saves the hot path one
     * dependent load (its classes object) per call.
     */
    public byte[] lookupTable() {
        return lookup.clone();
    }

    /** The table as an array (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SizeClasses other && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "SizeClasses" + Arrays.toString(sizes);
    }
}
