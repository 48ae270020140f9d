package org.hakmem.box.pooltls;

import org.hakmem.box.api.ExactDivision;

/**
 * One region of the Mid backend, carved into blocks of one class; the attachment it is
 * registered with, so a free finds it from the address alone.
 *
 * <pre>
 *   region base                                           base + regionSize
 *   | block 0 | block 1 | ... | block carved-1 | not yet carved |
 *   free[0..freeTop): indices back from threads (Java heap)
 * </pre>
 * Invariant: {@code used + freeTop == carved <= capacity}; bit i of {@code onStack} is set
 * exactly when index i is in {@code free}, so a double free reaching the backend is refused.
 * Thread-safety: guarded by its class lock in {@link MidBackend}, except the final fields and
 * {@code base} (set before publication), and {@code carved}, which {@link #isBlockStart} reads
 * without the lock on every free: an {@code int} (its read cannot tear) that only grows, and every
 * block a thread can hold was carved before it was handed out, so a stale value can only refuse a
 * block no thread was given.
 */
final class MidPage {

    long base;
    /** The backend that carved it. */
    final MidBackend backend;
    final int sizeClass;
    final int blockSize;
    /**
     * {@link ExactDivision#magic} of the block size, or 0 outside its proven range: {@link #index}
     * is then a multiply, not a divide, for the blocks the backend takes back in batches.
     */
    final long magic;
    /** {@link ExactDivision#oddInverse} of the block size and its trailing zero bits, for {@link #isBlockStart}. */
    final long inverse;
    final int twos;
    final int capacity;
    int carved;
    int used;
    int[] free = new int[8];
    int freeTop;
    /** {@code free[0..purgedTop)} are blocks whose pages were given back to the OS (see {@link MidBackend}). */
    int purgedTop;
    final long[] onStack;

    MidPage(MidBackend backend, int sizeClass, int blockSize, long regionSize) {
        this.backend = backend;
        this.sizeClass = sizeClass;
        this.blockSize = blockSize;
        this.capacity = (int) (regionSize / blockSize);
        boolean provenRange = regionSize <= 1L << ExactDivision.MAX_DIVIDEND_BITS && blockSize >= ExactDivision.MIN_DIVISOR
                && blockSize <= ExactDivision.MAX_DIVISOR;
        this.magic = provenRange ? ExactDivision.magic(blockSize) : 0;
        this.inverse = ExactDivision.oddInverse(blockSize);
        this.twos = Integer.numberOfTrailingZeros(blockSize);
        this.onStack = new long[(capacity + 63) >>> 6];
    }

    /**
     * True when {@code address} is a carved block start of this page: one multiply, one rotate
     * and one unsigned compare ({@link ExactDivision#quotientOfMultiple}) test both that the
     * offset is a multiple of the block size and that its block was carved (an address below the
     * base wraps to a huge offset, whose quotient fails the same compare). Why one test for every
     * class: choosing a mask test for powers of two was a branch that follows the freed block's
     * size, mispredicted wherever sizes mix, and a bound test plus a multiply-back took more
     * instructions. With every size 16 B - 32 KiB in this box alone (bench subject {@code
     * mid-only}, mixed-wide, {@code hakmem.mid.refill=64}, fast free off), interleaved 1-fork
     * SlotBench runs gave 159, 162 and 148 M ops/s against 105, 106 and 77 with the choice (floor
     * 197, 185 and 182). hakmem's own Mid has two power-of-two classes, and its mixed-wide did not
     * move.
     */
    boolean isBlockStart(long address) {
        return Long.compareUnsigned(ExactDivision.quotientOfMultiple(address - base, inverse, twos), carved) < 0;
    }

    /** The index of the block at offset {@code off} (within the region), rounded down. */
    long index(long off) {
        return magic != 0 ? ExactDivision.quotient(off, magic) : off / blockSize;
    }
}
