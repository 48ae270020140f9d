package org.hakmem.box.superslab;

/**
 * The last {@value #SIZE} ranges a source unmapped, so a refused address can be reported as
 * "after unmap" rather than "foreign". A ring behind one lock: written once per unmap (a SuperSlab or a
 * large block), read only when an address is refused.
 */
final class UnmappedRanges {

    private static final int SIZE = 64;

    private final long[] base = new long[SIZE];
    private final long[] size = new long[SIZE];
    private int next;

    synchronized void add(long b, long s) {
        base[next] = b;
        size[next] = s;
        next = (next + 1) % SIZE;
    }

    synchronized boolean contains(long address) {
        for (int i = 0; i < SIZE; i++) {
            if (size[i] != 0 && address - base[i] >= 0 && address - base[i] < size[i]) {
                return true;
            }
        }
        return false;
    }
}
