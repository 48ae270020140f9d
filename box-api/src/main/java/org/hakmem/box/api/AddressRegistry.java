package org.hakmem.box.api;

/**
 * Address → owner map: which box owns the granule an address falls in, answered from the Java
 * heap in O(1) without ever reading native memory, so that an unknown or stale address can never
 * crash the JVM. Role: box-superslab.
 *
 * <pre>
 *   address:  [ ... | granule index (address &gt;&gt;&gt; granuleShift()) | offset in granule ]
 *   entry:    (ownerId, attachment)   registered for whole granules, NOT_OURS elsewhere
 * </pre>
 *
 * <p>Ownership: an owner registers the granules it mapped and unregisters them before it unmaps
 * them. Owner ids are small positive integers chosen by the wiring (box-routing), one per box
 * instance, so that a free is routed by one integer compare.
 *
 * <p>Thread-safety: lookups are lock-free and may run concurrently with register/unregister of
 * other ranges. A lookup racing with the unregistering of its own range sees either state; only a
 * misused address (one already freed) can be in that race.
 */
public interface AddressRegistry {

    /** The owner id of an address that no box owns. */
    int NOT_OURS = 0;

    /** log2 of the granule size; registered ranges start and end on granule boundaries. */
    int granuleShift();

    /**
     * Registers {@code [base, base + size)} to {@code ownerId} with an attachment the owner gets
     * back on lookup (for example its descriptor of that region).
     *
     * @throws IllegalArgumentException when the range is not granule-aligned, {@code ownerId <= 0},
     *         or a granule in it is registered already
     */
    void register(long base, long size, int ownerId, Object attachment);

    /**
     * Removes {@code [base, base + size)}; later lookups answer {@link #NOT_OURS}.
     *
     * @throws IllegalArgumentException when the range is not granule-aligned or not registered
     */
    void unregister(long base, long size);

    /** The owner id of the granule holding {@code address}, or {@link #NOT_OURS}. Any long is accepted. */
    int ownerOf(long address);

    /** The attachment registered for the granule holding {@code address}, or {@code null}. */
    Object attachmentOf(long address);

    /**
     * The attachments of every granule under the same leaf as {@code address}, for a caller that
     * keeps the array of its last lookup and so skips the root of the table on its next one (a
     * free path). The array's length {@code L} is a power of two; the attachment of address
     * {@code a} is {@code leaf[(int) (a >>> granuleShift()) & (L - 1)]} for every {@code a} with
     * {@code a >>> (granuleShift() + log2(L)) == address >>> (granuleShift() + log2(L))}. The array
     * is never replaced, so a kept one stays right; its elements are read plainly, as
     * {@link #attachmentOf} reads them.
     *
     * @return the array, or null when no granule under it was ever registered or the registry has
     *         no such arrays (the default: callers then use {@link #attachmentOf})
     */
    default Object[] attachmentLeaf(long address) {
        return null;
    }

    /** Number of granules registered now. */
    long registeredGranules();
}
