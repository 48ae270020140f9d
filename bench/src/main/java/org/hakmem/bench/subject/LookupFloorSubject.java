package org.hakmem.bench.subject;

import java.lang.foreign.Arena;

/**
 * The floor without the class in its handles: malloc returns the bare address, and free finds
 * the block's class through a table keyed by that address, as any allocator handing out plain
 * pointers must. The table is about the cheapest such lookup: one byte per chunk (chunks are
 * carved {@link FloorSubject#CHUNK}-aligned, one class each), in leaves covering 2^16 chunks under
 * a root, and the leaf used last is kept, so a free loads one byte. Its distance from the floor
 * is what finding the class from an address costs by itself.
 *
 * <pre>
 *   malloc(size) ─► floor's stack of classOf(size) ─► address
 *   free(addr)   ─► class = leaf[addr &gt;&gt;&gt; 20 &amp; 0xFFFF]  (the last leaf, else root[addr &gt;&gt;&gt; 36])
 *                ─► floor's stack of class
 * </pre>
 * Views for other threads share the table: a thread records its chunks before any block of them
 * reaches another thread, through the hand-off that passes the block.
 */
final class LookupFloorSubject extends FloorSubject {

    private static final int LEAF_BITS = 16;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;

    /** Chunk index → class, shared by the views. */
    private final byte[][] root;
    /** The leaf the last free used and its root index (-1: none yet). */
    private long hotLeafIndex = -1;
    private byte[] hotLeaf = new byte[0];

    LookupFloorSubject() {
        this(Arena.ofShared(), true, new byte[1 << (48 - CHUNK_SHIFT - LEAF_BITS)][]);
    }

    private LookupFloorSubject(Arena arena, boolean ownsArena, byte[][] root) {
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
        long i = address >>> CHUNK_SHIFT;
        byte[] leaf = i >>> LEAF_BITS == hotLeafIndex ? hotLeaf : leafOf(i);
        push(leaf[(int) (i & LEAF_MASK)], address);
    }

    /** The leaf holding chunk {@code i}, remembered for the next free (the rare path). */
    private byte[] leafOf(long i) {
        byte[] leaf;
        synchronized (root) {
            leaf = root[(int) (i >>> LEAF_BITS)];
        }
        hotLeafIndex = i >>> LEAF_BITS;
        hotLeaf = leaf;
        return leaf;
    }

    /** Chunks are aligned to their size, so that each table entry covers exactly one chunk, and recorded with their class. */
    @Override
    long newChunk(int c) {
        long chunk = arena.allocate(CHUNK, CHUNK).address();
        long i = chunk >>> CHUNK_SHIFT;
        synchronized (root) {
            byte[] leaf = root[(int) (i >>> LEAF_BITS)];
            if (leaf == null) {
                leaf = new byte[1 << LEAF_BITS];
                root[(int) (i >>> LEAF_BITS)] = leaf;
            }
            leaf[(int) (i & LEAF_MASK)] = (byte) c;
        }
        return chunk;
    }

    @Override
    public Subject forThread() {
        return new LookupFloorSubject(arena, false, root);
    }
}
