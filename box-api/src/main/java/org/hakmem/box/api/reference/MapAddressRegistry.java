package org.hakmem.box.api.reference;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hakmem.box.api.AddressRegistry;

/**
 * An {@link AddressRegistry} over a concurrent hash map from granule index to owner. Correct for
 * any address and any thread; slower than box-superslab's radix table (a hash and a boxed key per
 * lookup), so meant for standalone use of single boxes and for tests.
 */
public final class MapAddressRegistry implements AddressRegistry {

    private record Entry(int ownerId, Object attachment) {}

    private final int granuleShift;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    /** @param granuleShift log2 of the granule size, 12..40 */
    public MapAddressRegistry(int granuleShift) {
        if (granuleShift < 12 || granuleShift > 40) {
            throw new IllegalArgumentException("granuleShift must be 12..40, got " + granuleShift);
        }
        this.granuleShift = granuleShift;
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
        Entry e = new Entry(ownerId, attachment);
        for (long g = first; g < first + n; g++) {
            if (entries.putIfAbsent(g, e) != null) {
                for (long u = first; u < g; u++) {
                    entries.remove(u);
                }
                throw new IllegalArgumentException("granule 0x" + Long.toHexString(g << granuleShift) + " is registered already");
            }
        }
    }

    @Override
    public void unregister(long base, long size) {
        checkRange(base, size);
        long first = base >>> granuleShift;
        long n = size >>> granuleShift;
        for (long g = first; g < first + n; g++) {
            if (!entries.containsKey(g)) {
                throw new IllegalArgumentException("granule 0x" + Long.toHexString(g << granuleShift) + " is not registered");
            }
        }
        for (long g = first; g < first + n; g++) {
            entries.remove(g);
        }
    }

    @Override
    public int ownerOf(long address) {
        Entry e = entries.get(address >>> granuleShift);
        return e == null ? NOT_OURS : e.ownerId();
    }

    @Override
    public Object attachmentOf(long address) {
        Entry e = entries.get(address >>> granuleShift);
        return e == null ? null : e.attachment();
    }

    @Override
    public long registeredGranules() {
        return entries.size();
    }

    private void checkRange(long base, long size) {
        long mask = (1L << granuleShift) - 1;
        if ((base & mask) != 0 || (size & mask) != 0 || size <= 0) {
            throw new IllegalArgumentException("range 0x" + Long.toHexString(base) + " + " + size
                    + " is not a non-empty multiple of the granule (" + (1L << granuleShift) + " bytes)");
        }
    }
}
