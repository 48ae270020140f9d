package org.hakmem.box.api;

/**
 * A size-class front: serves requests up to {@link #maxSize()} from per-thread heaps. Role:
 * box-tiny-front, box-smallmid and box-pool-tls.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #allocate} takes {@code 1 <= size <= maxSize()} (the caller routes other sizes
 *       elsewhere) and returns a block of at least {@code size} bytes, aligned to 8, to 16 from
 *       16 bytes up, and naturally for power-of-two class sizes; never {@code 0}: out of memory
 *       is an {@link OutOfMemoryError}.</li>
 *   <li>{@link #free} takes any address that the registry says this box owns. It returns
 *       {@code true} when it freed a block, and {@code false}, touching nothing, when the
 *       address is not the start of a block of this box (interior, unaligned, in a slab that is
 *       not in use): the caller hands such an address to the {@link ExternalGuard}.</li>
 *   <li>Ownership (Contract C): a block handed out has one owner, the caller, until freed; a free
 *       from a thread other than the one that allocated it goes back to the allocating heap
 *       through a lock-free queue, never straight onto another thread's list.</li>
 *   <li>When a thread ends, the blocks cached in its heap go back to the shared pool.</li>
 * </ul>
 *
 * <p>Thread-safety: every method may be called from any thread; {@link #heap()} gives the
 * calling thread's own {@link BlockHeap} for hot loops.
 */
public interface BlockAllocator extends Box {

    /** The largest request size this front serves. */
    long maxSize();

    /** The calling thread's heap, created on first use. Hold it to skip the per-call lookup. */
    BlockHeap heap();

    /** Allocates through the calling thread's heap. */
    long allocate(long size);

    /** Frees a block from any thread; {@code false} when {@code address} is not one of this box's block starts. */
    boolean free(long address);

    /** Usable size of the block starting at {@code address}, or {@code -1} when it is not a block start of this box. */
    long usableSize(long address);

    /** Returns cached blocks and empty slabs to the pool and the OS now; returns the bytes given back. */
    long trim();
}
