package org.hakmem.bench.subject;

import java.lang.foreign.Arena;

/**
 * The floor without the class in its handles: malloc returns the bare address, and free finds
 * the block's class through a table keyed by that address, as any allocator handing out plain
 * pointers must. Its chunks lie where the floor's would (1 MiB, page-aligned), so the two differ
 * only by that lookup (and the floor's tagging of handles, an OR and an AND).
 *
 * <p>The table is about the cheapest exact one for such chunks: one {@code int} per 1 MiB granule,
 * in leaves of 2^16 granules (64 GiB) under a root, the leaf used last kept. A granule holds the
 * end of at most one chunk and the start of at most one, the end first, so its entry names a
 * boundary page between them (where the one ends or where the other starts: both divide them) and
 * the class on each side.
 *
 * <pre>
 *   malloc(size) ─► floor's stack of classOf(size) ─► address
 *   free(addr)   ─► e = leaf[addr &gt;&gt;&gt; 20 &amp; 0xFFFF]   (the last leaf, else root[addr &gt;&gt;&gt; 36])
 *                ─► class = page of addr in its granule &lt; boundary(e) ? below(e) : from(e)
 *                ─► floor's stack of class
 * </pre>
 * Views for other threads share the table: a thread records its chunks before any block of them
 * reaches another thread, through the hand-off that passes the block.
 */
final class LookupFloorSubject extends FloorSubject {

    /** The granule is the floor's chunk size: a chunk then ends in the granule after the one it starts in. */
    private static final int GRANULE_SHIFT = Long.numberOfTrailingZeros(CHUNK);
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = (1 << (GRANULE_SHIFT - PAGE_SHIFT)) - 1;
    private static final int LEAF_BITS = 16;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;
    /** Entry bits: 0-7 the boundary page, 8-11 the class below it, 12-15 the class from it on. */
    private static final int BELOW = 8;
    private static final int FROM = 12;

    /** Granule index → entry, shared by the views. */
    private final int[][] root;
    /** The leaf the last free used and its root index (-1: none yet). */
    private long hotLeafIndex = -1;
    private int[] hotLeaf = new int[0];

    LookupFloorSubject() {
        this(Arena.ofShared(), true, new int[1 << (48 - GRANULE_SHIFT - LEAF_BITS)][]);
    }

    private LookupFloorSubject(Arena arena, boolean ownsArena, int[][] root) {
        super(arena, ownsArena);
        this.root = root;
    }

    @Override
    public String name() {
        return "floor-lookup";
    }

    @Override
    public long malloc(long size) {
        return pop(classOf(size));
    }

    @Override
    public void free(long address) {
        long g = address >>> GRANULE_SHIFT;
        int[] leaf = g >>> LEAF_BITS == hotLeafIndex ? hotLeaf : leafOf(g);
        int e = leaf[(int) (g & LEAF_MASK)];
        int page = (int) (address >>> PAGE_SHIFT) & PAGE_MASK;
        // Without a branch (which side of the boundary a block lies on is data, and a branch on
        // it made runs bimodal): the sign of page - boundary picks the class's bits.
        int below = (page - (e & PAGE_MASK)) >>> 31;
        push(e >>> (FROM - below * (FROM - BELOW)) & 15, address);
    }

    /** The leaf holding granule {@code g}, remembered for the next free (the rare path). */
    private int[] leafOf(long g) {
        int[] leaf;
        synchronized (root) {
            leaf = root[(int) (g >>> LEAF_BITS)];
        }
        hotLeafIndex = g >>> LEAF_BITS;
        hotLeaf = leaf;
        return leaf;
    }

    /** The floor's chunk, recorded in the granules it covers (the rare path). */
    @Override
    long newChunk(int c) {
        long chunk = super.newChunk(c);
        long g = chunk >>> GRANULE_SHIFT;
        int page = (int) (chunk >>> PAGE_SHIFT) & PAGE_MASK;
        synchronized (root) {
            int[] first = leafFor(g);
            int e = first[(int) (g & LEAF_MASK)];
            first[(int) (g & LEAF_MASK)] = (e & (15 << BELOW)) | c << FROM | page;
            if (page != 0) {
                // The chunk ends in the next granule, at the same page.
                int[] next = leafFor(g + 1);
                int n = next[(int) ((g + 1) & LEAF_MASK)];
                next[(int) ((g + 1) & LEAF_MASK)] = (n & (15 << FROM)) | c << BELOW | page;
            }
        }
        return chunk;
    }

    /** The leaf for granule {@code g}, made when missing; called holding the root's lock. */
    private int[] leafFor(long g) {
        int[] leaf = root[(int) (g >>> LEAF_BITS)];
        if (leaf == null) {
            leaf = new int[1 << LEAF_BITS];
            root[(int) (g >>> LEAF_BITS)] = leaf;
        }
        return leaf;
    }

    @Override
    public Subject forThread() {
        return new LookupFloorSubject(arena, false, root);
    }
}
