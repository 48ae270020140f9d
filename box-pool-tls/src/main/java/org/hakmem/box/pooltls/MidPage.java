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
 * exactly when index i is in {@code free}, so a double free reaching the backend is refused. Thread-safety: guarded by its class
 * lock in {@link MidBackend}, except the final fields and {@code base} (set before publication).
 */
final class MidPage {

    long base;
    /** The backend that carved it. */
    final MidBackend backend;
    final int sizeClass;
    final int blockSize;
    /** {@code blockSize - 1} for a power-of-two class (block starts are then a mask test), else -1. */
    final int alignMask;
    /**
     * {@link ExactDivision#magic} of the block size, or 0 outside its proven range:
     * a free's block-start test is then a multiply, not a divide (which cost a few percent of
     * mixed-wide).
     */
    final long magic;
    final int capacity;
    int carved;
    /** {@code carved * blockSize}, kept with it: the free path's bound test without a multiply. */
    long carvedBytes;
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
        this.alignMask = Integer.bitCount(blockSize) == 1 ? blockSize - 1 : -1;
        this.capacity = (int) (regionSize / blockSize);
        boolean provenRange = regionSize <= 1L << ExactDivision.MAX_DIVIDEND_BITS && blockSize >= ExactDivision.MIN_DIVISOR
                && blockSize <= ExactDivision.MAX_DIVISOR;
        this.magic = provenRange ? ExactDivision.magic(blockSize) : 0;
        this.onStack = new long[(capacity + 63) >>> 6];
    }

    /**
     * True when {@code address} is a carved block start of this page: one unsigned compare covers
     * both ends (an address below the base wraps to a huge offset).
     */
    boolean isBlockStart(long address) {
        long off = address - base;
        if (Long.compareUnsigned(off, carvedBytes) >= 0) {
            return false;
        }
        return alignMask >= 0 ? (off & alignMask) == 0 : index(off) * blockSize == off;
    }

    /** The index of the block at offset {@code off} (within the region), rounded down. */
    long index(long off) {
        return magic != 0 ? ExactDivision.quotient(off, magic) : off / blockSize;
    }
}
