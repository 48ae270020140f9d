package org.hakmem.box.api;

/**
 * Aligned native regions ("SuperSlabs") for the slab pools. Role: box-superslab.
 *
 * <p>Contract (preconditions and results):
 * <ul>
 *   <li>{@link #regionSize()} is a power of two; every region is aligned to it and registered in
 *       {@link #registry()} for its whole size while it is acquired.</li>
 *   <li>A fresh region reads as zeros. A reused one has undefined contents.</li>
 *   <li>{@link #acquireRegion} fails with {@link OutOfMemoryError} (naming the size and the
 *       limit or the OS error) and changes nothing when no memory can be had.</li>
 *   <li>{@link #releaseRegion} takes only a base this source handed out and not yet released;
 *       anything else is an {@link IllegalArgumentException} and changes nothing.</li>
 * </ul>
 * Ownership: the caller owns an acquired region until it releases it; after that the source may
 * cache it, purge it ({@code madvise}) or unmap it.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public interface RegionSource extends Box {

    /** Size and alignment of every region, a power of two. */
    long regionSize();

    /** The registry in which this source registers the regions it hands out. */
    AddressRegistry registry();

    /**
     * Hands out a region of {@link #regionSize()} bytes registered to {@code ownerId}.
     *
     * @param ownerId    the owner id to register (see {@link AddressRegistry})
     * @param attachment what {@link AddressRegistry#attachmentOf} returns for the region
     * @return the region's base address
     * @throws OutOfMemoryError when no region can be mapped
     */
    long acquireRegion(int ownerId, Object attachment);

    /** Returns a region; it is unregistered before this returns. */
    void releaseRegion(long base);

    /**
     * Says that {@code [address, address + size)}, page-aligned and inside a live region of this
     * source, holds nothing its owner needs: the source may give those pages' memory back to the
     * OS, after which they read as zeros and cost a page fault on next touch. The default keeps
     * the memory (a source with no way to drop pages).
     *
     * @throws IllegalArgumentException when the range is not page-aligned or not in a live region
     */
    default void purge(long address, long size) {
        if ((address & 4095) != 0 || (size & 4095) != 0 || size <= 0) {
            throw new IllegalArgumentException("purge range 0x" + Long.toHexString(address) + " + " + size
                    + " is not a non-empty run of whole 4 KiB pages");
        }
    }

    /** Gives every cached empty region back to the OS now; returns the bytes given back. */
    long trim();
}
