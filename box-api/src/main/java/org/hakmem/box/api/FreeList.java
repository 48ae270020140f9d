package org.hakmem.box.api;

/**
 * One thread's list of free blocks of one size class. Role: box-tls-sll.
 *
 * <p>Contract:
 * <ul>
 *   <li>A list holds at most {@link #capacity()} blocks. {@link #push} of a full list returns
 *       {@code false} and changes nothing: the caller spills to its slow path (Contract A,
 *       nothing blocks).</li>
 *   <li>{@link #pop} returns {@code 0} when empty.</li>
 *   <li>Blocks are at least 8 bytes and 8-byte aligned; an implementation may keep a link in the
 *       first 8 bytes of a block while the block is on the list (intrusive lists do), so a block
 *       on a list belongs to the list, not to the user (one place per block).</li>
 *   <li>Order is unspecified (implementations are LIFO, which keeps recently freed blocks hot).</li>
 * </ul>
 *
 * <p>Thread-safety: none. A list is confined to the thread that owns it; cross-thread frees go
 * through the owner's remote queue, never to its list directly.
 */
public interface FreeList {

    /** Adds a block; {@code false} when the list is full. */
    boolean push(long block);

    /** Removes and returns a block, or {@code 0} when empty. */
    long pop();

    /** Blocks on the list now. */
    int size();

    /** The most blocks the list holds. */
    int capacity();

    /**
     * Adds up to {@code count} blocks from {@code blocks[0..count)}; returns how many were added
     * (the first ones; fewer when the list fills up).
     */
    int pushBatch(long[] blocks, int count);

    /** Removes up to {@code max} blocks into {@code into[0..)}; returns how many. */
    int popBatch(long[] into, int max);
}
