package org.hakmem.box.smallmid;

/**
 * Small-Mid's descriptor of one slab, the attachment it is registered with in the pool.
 *
 * <pre>
 *   | block 0 | block 1 | ... | block carved-1 | not yet handed out |
 *   free[0..freeTop): indices of blocks back in the depot (Java heap)
 * </pre>
 * Invariant: {@code used + freeTop == carved <= capacity}; bit i of {@code onStack} is set
 * exactly when index i is in {@code free}, so a double free reaching the depot is refused. Thread-safety: guarded by its class
 * depot's lock, except the final fields.
 */
final class SmallMidSlab {

    /** Set once, before any block is handed out (see the depot). */
    long base;
    final int sizeClass;
    final int blockSize;
    final int capacity;
    int carved;
    int used;
    final int[] free;
    int freeTop;
    final long[] onStack;
    /** True while the slab is in its depot's list of slabs with room. */
    boolean listed;

    SmallMidSlab(int sizeClass, int blockSize, int slabSize) {
        this.sizeClass = sizeClass;
        this.blockSize = blockSize;
        this.capacity = slabSize / blockSize;
        this.free = new int[capacity];
        this.onStack = new long[(capacity + 63) >>> 6];
    }

    /** True when {@code address} is a handed-out block start of this slab (block sizes are powers of two). */
    boolean isBlockStart(long address) {
        long off = address - base;
        return (address & (blockSize - 1)) == 0 && off >= 0 && off < (long) carved * blockSize;
    }

    int available() {
        return freeTop + capacity - carved;
    }
}
