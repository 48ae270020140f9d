package org.hakmem.box.api;

/**
 * Slabs of one fixed size carved from regions, assigned to a size class on demand and returned
 * when empty. Role: box-shared-pool.
 *
 * <pre>
 *   region (e.g. 4 MiB) = slab slots 0 .. n-1 (e.g. 64 KiB each)
 *   slot state:  UNUSED ──acquire──► ACTIVE(class) ──release──► EMPTY ──acquire──► ACTIVE(class')
 *   a region whose slots are all UNUSED or EMPTY goes back to its RegionSource
 * </pre>
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #acquireSlab} returns a slab base aligned to {@link #slabSize()}; the slab is
 *       ACTIVE for the class until released. Claiming a slot takes no global lock.</li>
 *   <li>Ownership: the caller owns the slab's bytes while it is ACTIVE; the pool never reads or
 *       writes them.</li>
 *   <li>{@link #releaseSlab} takes only an ACTIVE slab base of this pool; anything else is an
 *       {@link IllegalArgumentException} and changes nothing.</li>
 *   <li>{@link #slabOf} and {@link #sizeClassOf} answer from the Java heap and accept any long.</li>
 * </ul>
 * A box may own a private pool instance (Small-Mid must not share one with Tiny).
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public interface SlabPool extends Box {

    /** Size and alignment of every slab, a power of two. */
    int slabSize();

    /**
     * Claims a slab for {@code sizeClass}.
     *
     * @param sizeClass  the class index ({@code >= 0}) the slab is assigned to
     * @param attachment what {@link #slabOf} returns for addresses in the slab (the caller's
     *                   descriptor of it)
     * @return the slab's base address
     * @throws OutOfMemoryError when no region can be had for a new slab
     */
    long acquireSlab(int sizeClass, Object attachment);

    /** Returns an ACTIVE slab; it becomes EMPTY, and its region goes back when wholly unused. */
    void releaseSlab(long slabBase);

    /** The attachment of the ACTIVE slab holding {@code address}, or {@code null}. */
    Object slabOf(long address);

    /** The class of the ACTIVE slab holding {@code address}, or {@code -1}. */
    int sizeClassOf(long address);

    /** Gives empty regions back to the region source now; returns the bytes given back. */
    long trim();
}
