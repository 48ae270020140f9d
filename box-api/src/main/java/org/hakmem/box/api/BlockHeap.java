package org.hakmem.box.api;

/**
 * One thread's heap of a {@link BlockAllocator}: the handle a hot loop holds so that no
 * {@code ThreadLocal} lookup is needed per call.
 *
 * <p>Thread-safety: confined to its {@link #owner()} thread. Calling {@link #allocate} or
 * {@link #free} from any other thread is an {@link IllegalStateException} that names both
 * threads, and changes nothing: a heap is never corrupted by a wrong-thread call.
 *
 * <p>Ownership: blocks it allocates may be freed through it, through its allocator from any
 * thread, or through another thread's heap (they travel back through the remote queue).
 */
public interface BlockHeap {

    /** Allocates; the same contract as {@link BlockAllocator#allocate}. */
    long allocate(long size);

    /** Frees; the same contract as {@link BlockAllocator#free}. */
    boolean free(long address);

    /** The thread this heap belongs to. */
    Thread owner();
}
