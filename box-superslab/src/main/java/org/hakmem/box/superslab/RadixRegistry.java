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
 *   owners:      int[][]     owners[root][leaf]       (NOT_OURS where nothing is registered)
 *   attachments: Object[][]  attachments[root][leaf]
 *   (leaves created on first registration with a CAS, the attachment leaf first; never removed)
 * </pre>
 * Addresses at or above 2^48 are never ours (user-space mappings on x86-64 and aarch64 lie below).
 *
 * <p>Thread-safety: registration of disjoint ranges may run concurrently (each leaf slot is
 * written by one registrant, with release semantics, the attachment before the owner). Lookups
 * are plain loads: lock-free and as cheap as two array reads (see the note on leaves).
 */
public final class RadixRegistry implements AddressRegistry {

    private static final int ADDRESS_BITS = 48;

    private final int granuleShift;
    private final int leafBits;
    private final int leafMask;
    /** Two roots, not one root of leaf objects: a lookup is two dependent loads, not three. */
    private final int[][] owners;
    private final Object[][] attachments;
    private final AtomicLong registered = new AtomicLong();

    private static final VarHandle OWNER = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle ATTACHMENT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle OWNER_ROOT = MethodHandles.arrayElementVarHandle(int[][].class);
    private static final VarHandle ATTACHMENT_ROOT = MethodHandles.arrayElementVarHandle(Object[][].class);

    // Leaves are written with release stores and read with plain loads: a lookup of a valid
    // address is ordered after its registration by the hand-off that gave the address out; a
    // racing lookup of a misused address may see either state, which is all the contract promises.

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
        this.owners = new int[1 << (indexBits - leafBits)][];
        this.attachments = new Object[1 << (indexBits - leafBits)][];
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
            int r = leavesForWrite(g);
            int[] ownerLeaf = (int[]) OWNER_ROOT.getVolatile(owners, r);
            Object[] attachmentLeaf = (Object[]) ATTACHMENT_ROOT.getVolatile(attachments, r);
            int i = (int) (g & leafMask);
            if ((int) OWNER.getVolatile(ownerLeaf, i) != NOT_OURS) {
                unregisterGranules(first, g - first);
                throw new IllegalArgumentException("granule 0x" + Long.toHexString(g << granuleShift) + " is registered already");
            }
            ATTACHMENT.setRelease(attachmentLeaf, i, attachment);
            OWNER.setRelease(ownerLeaf, i, ownerId);
            registered.incrementAndGet();
        }
    }

    @Override
    public void unregister(long base, long size) {
        checkRange(base, size);
        long first = base >>> granuleShift;
        long n = size >>> granuleShift;
        for (long g = first; g < first + n; g++) {
            int[] ownerLeaf = (int[]) OWNER_ROOT.getVolatile(owners, (int) (g >>> leafBits));
            if (ownerLeaf == null || (int) OWNER.getVolatile(ownerLeaf, (int) (g & leafMask)) == NOT_OURS) {
                throw new IllegalArgumentException("granule 0x" + Long.toHexString(g << granuleShift) + " is not registered");
            }
        }
        unregisterGranules(first, n);
    }

    private void unregisterGranules(long first, long n) {
        for (long g = first; g < first + n; g++) {
            int r = (int) (g >>> leafBits);
            int i = (int) (g & leafMask);
            OWNER.setRelease((int[]) OWNER_ROOT.getVolatile(owners, r), i, NOT_OURS);
            ATTACHMENT.setRelease((Object[]) ATTACHMENT_ROOT.getVolatile(attachments, r), i, null);
        }
        registered.addAndGet(-n);
    }

    @Override
    public int ownerOf(long address) {
        if (address >>> ADDRESS_BITS != 0) {
            return NOT_OURS;
        }
        long g = address >>> granuleShift;
        int[] leaf = owners[(int) (g >>> leafBits)];
        return leaf == null ? NOT_OURS : leaf[(int) (g & leafMask)];
    }

    @Override
    public Object attachmentOf(long address) {
        Object[] leaf = attachmentLeaf(address);
        return leaf == null ? null : leaf[(int) (address >>> granuleShift & leafMask)];
    }

    @Override
    public Object[] attachmentLeaf(long address) {
        return address >>> ADDRESS_BITS != 0 ? null : attachments[(int) (address >>> granuleShift >>> leafBits)];
    }

    @Override
    public long registeredGranules() {
        return registered.get();
    }

    /**
     * The root index of granule {@code g}, its two leaves created when missing (CASes: concurrent
     * creators agree on one of each; the attachment leaf first, so whoever finds an owner leaf
     * finds its attachment leaf).
     */
    private int leavesForWrite(long g) {
        int r = (int) (g >>> leafBits);
        if (ATTACHMENT_ROOT.getVolatile(attachments, r) == null) {
            ATTACHMENT_ROOT.compareAndSet(attachments, r, (Object[]) null, new Object[1 << leafBits]);
        }
        if (OWNER_ROOT.getVolatile(owners, r) == null) {
            OWNER_ROOT.compareAndSet(owners, r, (int[]) null, new int[1 << leafBits]);
        }
        return r;
    }

    private void checkRange(long base, long size) {
        long mask = (1L << granuleShift) - 1;
        if ((base & mask) != 0 || (size & mask) != 0 || size <= 0 || (base + size - 1) >>> ADDRESS_BITS != 0) {
            throw new IllegalArgumentException("range 0x" + Long.toHexString(base) + " + " + size
                    + " is not a non-empty multiple of the granule (" + (1L << granuleShift) + " bytes) below 2^48");
        }
    }
}
