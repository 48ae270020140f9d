package org.hakmem.box.api;

/**
 * Blocks above the Mid range, each mapped directly from the OS. Role: box-superslab.
 *
 * <p>Contract: {@link #allocate} returns a block of at least {@code size} bytes aligned to
 * {@code alignment} (and at least to the page size), reading as zeros when fresh. It is
 * registered in the source's registry so that a free is routed without reading native memory.
 * {@link #free} and {@link #usableSize} accept only the exact start of a live large block and
 * answer {@code -1} for any other address, touching nothing, so that the caller can report the
 * misuse.
 *
 * <p>Thread-safety: all methods may be called from any thread. Ownership: a block belongs to its
 * caller until freed; after a free the source may keep it in a small bounded cache or unmap it.
 */
public interface LargeBlockSource extends Box {

    /**
     * Maps a block.
     *
     * @param size      bytes, {@code >= 1}
     * @param alignment a power of two
     * @return the block's address
     * @throws OutOfMemoryError when it cannot be mapped
     */
    long allocate(long size, long alignment);

    /** Frees a block; returns its usable size, or {@code -1} when {@code address} is not a live block start. */
    long free(long address);

    /** Usable size of the live block starting at {@code address}, or {@code -1}. */
    long usableSize(long address);

    /** Unmaps cached free blocks now; returns the bytes given back. */
    long trim();
}
