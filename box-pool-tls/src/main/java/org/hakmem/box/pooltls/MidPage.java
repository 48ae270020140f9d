package org.hakmem.box.pooltls;

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
    final int sizeClass;
    final int blockSize;
    /** {@code blockSize - 1} for a power-of-two class (block starts are then a mask test), else -1. */
    final int alignMask;
    final int capacity;
    int carved;
    int used;
    int[] free = new int[8];
    int freeTop;
    final long[] onStack;

    MidPage(int sizeClass, int blockSize, long regionSize) {
        this.sizeClass = sizeClass;
        this.blockSize = blockSize;
        this.alignMask = Integer.bitCount(blockSize) == 1 ? blockSize - 1 : -1;
        this.capacity = (int) (regionSize / blockSize);
        this.onStack = new long[(capacity + 63) >>> 6];
    }

    /**
     * True when {@code address} is a carved block start of this page. Offsets are below the
     * region size, so the remainder for the other classes is a 32-bit one (a 64-bit division
     * costs several times more on the free path).
     */
    boolean isBlockStart(long address) {
        long off = address - base;
        if (off < 0 || off >= (long) carved * blockSize) {
            return false;
        }
        return alignMask >= 0 ? (off & alignMask) == 0 : (int) off % blockSize == 0;
    }
}
