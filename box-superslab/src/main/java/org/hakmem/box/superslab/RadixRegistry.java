package org.hakmem.box.superslab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.AddressRegistry;

/**
 * The address registry: a two-level radix table on the Java heap from granule (SuperSlab) index
 * to owner. A lookup is two array loads and never reads native memory, so any {@code long}, even
 * garbage, is answered safely.
 *
 * <pre>
 *   address (48 bits used):  | root index | leaf index | offset in granule |
 *                              ROOT_BITS    LEAF_BITS    granuleShift
 *   root: Leaf[]  (leaves created on first registration with a CAS, never removed)
 *   leaf: int[] owner, Object[] attachment   (owner == NOT_OURS where nothing is registered)
 * </pre>
 * Addresses at or above 2^48 are never ours (user-space mappings on x86-64 and aarch64 lie below).
 *
 * <p>Thread-safety: registration of disjoint ranges may run concurrently (each leaf slot is
 * written by one registrant, with release semantics, the attachment before the owner). Lookups
 * are plain loads: lock-free and as cheap as an array read (see {@code Leaf}).
 */
public final class RadixRegistry implements AddressRegistry {

    private static final int ADDRESS_BITS = 48;

    private final int granuleShift;
    private final int leafBits;
    private final int leafMask;
    private final Leaf[] root;
    private final AtomicLong registered = new AtomicLong();

    private static final VarHandle OWNER = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle ATTACHMENT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle ROOT = MethodHandles.arrayElementVarHandle(Leaf[].class);

    /**
     * One leaf of the table: owners and attachments of {@code 1 << leafBits} granules. Written
     * with release stores, read with plain loads: a lookup of a valid address is ordered after
     * its registration by the hand-off that gave the address out; a racing lookup of a misused
     * address may see either state, which is all the contract promises.
     */
    private static final class Leaf {
        final int[] owner;
        final Object[] attachment;

        Leaf(int size) {
            owner = new int[size];
            attachment = new Object[size];
        }
    }

    /**
     * @param granuleShift log2 of the granule (the SuperSlab size), 16..30
     */
    public RadixRegistry(int granuleShift) {
        if (granuleShift < 16 || granuleShift > 30) {
            throw new IllegalArgumentException("granuleShift must be 16..30, got " + granuleShift);
        }
        this.granuleShift = granuleShift;
        int indexBits = ADDRESS_BITS - granuleShift;
        this.leafBits = indexBits / 2;
        this.leafMask = (1 << leafBits) - 1;
        this.root = new Leaf[1 << (indexBits - leafBits)];
    }

    @Override
    public int granuleShift() {
        return granuleShift;
    }

    @Override
    public void register(long base, long size, int ownerId, Object attachment) {
        checkRange(base, size);
        if (ownerId <= 0) {
            throw new IllegalArgumentException("ownerId must be > 0, got " + ownerId);
        }
        long first = base >>> granuleShift;
        long n = size >>> granuleShift;
        for (long g = first; g < first + n; g++) {
            Leaf leaf = leafForWrite(g);
            int i = (int) (g & leafMask);
            if ((int) OWNER.getVolatile(leaf.owner, i) != NOT_OURS) {
                unregisterGranules(first, g - first);
                throw new IllegalArgumentException("granule 0x" + Long.toHexString(g << granuleShift) + " is registered already");
            }
            ATTACHMENT.setRelease(leaf.attachment, i, attachment);
            OWNER.setRelease(leaf.owner, i, ownerId);
            registered.incrementAndGet();
        }
    }

    @Override
    public void unregister(long base, long size) {
        checkRange(base, size);
        long first = base >>> granuleShift;
        long n = size >>> granuleShift;
        for (long g = first; g < first + n; g++) {
            Leaf leaf = (Leaf) ROOT.getVolatile(root, (int) (g >>> leafBits));
            if (leaf == null || (int) OWNER.getVolatile(leaf.owner, (int) (g & leafMask)) == NOT_OURS) {
                throw new IllegalArgumentException("granule 0x" + Long.toHexString(g << granuleShift) + " is not registered");
            }
        }
        unregisterGranules(first, n);
    }

    private void unregisterGranules(long first, long n) {
        for (long g = first; g < first + n; g++) {
            Leaf leaf = (Leaf) ROOT.getVolatile(root, (int) (g >>> leafBits));
            int i = (int) (g & leafMask);
            OWNER.setRelease(leaf.owner, i, NOT_OURS);
            ATTACHMENT.setRelease(leaf.attachment, i, null);
        }
        registered.addAndGet(-n);
    }

    @Override
    public int ownerOf(long address) {
        if (address >>> ADDRESS_BITS != 0) {
            return NOT_OURS;
        }
        long g = address >>> granuleShift;
        Leaf leaf = root[(int) (g >>> leafBits)];
        return leaf == null ? NOT_OURS : leaf.owner[(int) (g & leafMask)];
    }

    @Override
    public Object attachmentOf(long address) {
        if (address >>> ADDRESS_BITS != 0) {
            return null;
        }
        long g = address >>> granuleShift;
        Leaf leaf = root[(int) (g >>> leafBits)];
        return leaf == null ? null : leaf.attachment[(int) (g & leafMask)];
    }

    @Override
    public long registeredGranules() {
        return registered.get();
    }

    /** The leaf of granule {@code g}, created when missing (a CAS: concurrent creators agree on one). */
    private Leaf leafForWrite(long g) {
        int r = (int) (g >>> leafBits);
        Leaf leaf = (Leaf) ROOT.getVolatile(root, r);
        if (leaf == null) {
            Leaf fresh = new Leaf(1 << leafBits);
            leaf = (Leaf) ROOT.compareAndExchange(root, r, (Leaf) null, fresh);
            if (leaf == null) {
                leaf = fresh;
            }
        }
        return leaf;
    }

    private void checkRange(long base, long size) {
        long mask = (1L << granuleShift) - 1;
        if ((base & mask) != 0 || (size & mask) != 0 || size <= 0 || (base + size - 1) >>> ADDRESS_BITS != 0) {
            throw new IllegalArgumentException("range 0x" + Long.toHexString(base) + " + " + size
                    + " is not a non-empty multiple of the granule (" + (1L << granuleShift) + " bytes) below 2^48");
        }
    }
}
