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
    final int capacity;
    int carved;
    int used;
    int[] free = new int[8];
    int freeTop;
    final long[] onStack;

    MidPage(int sizeClass, int blockSize, long regionSize) {
        this.sizeClass = sizeClass;
        this.blockSize = blockSize;
        this.capacity = (int) (regionSize / blockSize);
        this.onStack = new long[(capacity + 63) >>> 6];
    }

    /** True when {@code address} is a carved block start of this page. */
    boolean isBlockStart(long address) {
        long off = address - base;
        return off >= 0 && off < (long) carved * blockSize && off % blockSize == 0;
    }
}
