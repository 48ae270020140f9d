package org.hakmem.box.tiny;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Slab index → {@link TinySlab} for this front's live slabs: the free path's one lookup (unless
 * the heap's fast free already holds the slot), three dependent loads on the Java heap (root,
 * leaf, descriptor) instead of the registry's chain through the pool's region table.
 *
 * <pre>
 *   address (48 bits):  | root index (14) | leaf index (18) | offset in slab (16) |
 *   root: TinySlab[][]  (a leaf covers 2^18 slabs = 16 GiB of address space; made on first use)
 * </pre>
 * A leaf, once installed, is never replaced or removed: a heap may keep the one it used last
 * (see {@link TinyHeap}).
 * Reads are plain: a thread freeing a valid block got its address through a hand-off that
 * orders the entry's write before it. A misused address (already freed, from another process
 * region) may read a stale entry or null; {@link TinySlab#released} and the block-start test
 * keep such a free from touching the slab's state.
 *
 * <p>Thread-safety: an entry is set by the heap that takes the slab, before any block of it is
 * handed out, and cleared by whoever gives the slab back (its heap, or the reaper or trim for an
 * orphan, each holding the slab exclusively); leaves are installed with a CAS.
 */
final class TinySlabMap {

    static final int ADDRESS_BITS = 48;
    static final int LEAF_BITS = 18;
    static final int LEAF_MASK = (1 << LEAF_BITS) - 1;
    private static final VarHandle ROOT = MethodHandles.arrayElementVarHandle(TinySlab[][].class);

    private final int slabShift;
    private final TinySlab[][] root;

    /** @param slabShift log2 of the slab size (at least 12) */
    TinySlabMap(int slabShift) {
        this.slabShift = slabShift;
        this.root = new TinySlab[1 << (ADDRESS_BITS - slabShift - LEAF_BITS)][];
    }

    /** The live slab holding {@code address}, or null. Any long is accepted. */
    TinySlab get(long address) {
        TinySlab[] leaf = leaf(root, slabShift, address);
        return leaf == null ? null : leaf[(int) (address >>> slabShift & LEAF_MASK)];
    }

    /**
     * The leaf of {@code root} covering {@code address} (index it with {@code (address >>>
     * slabShift) & LEAF_MASK}), or null when the address is at or above 2^48 or no slab under it
     * was ever recorded. Static, over the root itself, so that a heap holding the root looks up
     * with no load of the map. A leaf is never replaced, so a caller may keep it for every address
     * with the same bits above it.
     */
    static TinySlab[] leaf(TinySlab[][] root, int slabShift, long address) {
        return address >>> ADDRESS_BITS != 0 ? null : root[(int) (address >>> slabShift >>> LEAF_BITS)];
    }

    /** The root table, never replaced: a heap keeps it to look up without going through the map. */
    TinySlab[][] root() {
        return root;
    }

    /** log2 of the slab size. */
    int slabShift() {
        return slabShift;
    }

    /** Records (or, with null, forgets) the slab at {@code base}. */
    void put(long base, TinySlab slab) {
        long i = base >>> slabShift;
        int r = (int) (i >>> LEAF_BITS);
        TinySlab[] leaf = root[r];
        if (leaf == null) {
            TinySlab[] fresh = new TinySlab[1 << LEAF_BITS];
            leaf = (TinySlab[]) ROOT.compareAndExchange(root, r, (TinySlab[]) null, fresh);
            if (leaf == null) {
                leaf = fresh;
            }
        }
        leaf[(int) (i & LEAF_MASK)] = slab;
    }
}
