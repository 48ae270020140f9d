package org.hakmem.box.smallmid;

import java.util.ArrayDeque;
import org.hakmem.box.api.SlabPool;

/**
 * One class's shared depot: the slabs of the class that have room, behind one lock. Threads come
 * here once per batch (8 to 16 blocks), never per block, so the lock is taken rarely.
 *
 * <pre>
 *   take(n):     first slab with room ─► its freed blocks, then fresh ones ─► none: a slab from the pool
 *   giveBack(b): b's slab takes it; a wholly free slab goes back to the pool
 * </pre>
 * Thread-safety: any thread; every method holds the depot's lock.
 */
final class SmallMidDepot {

    private final int sizeClass;
    private final int blockSize;
    private final SlabPool pool;
    private final ArrayDeque<SmallMidSlab> withRoom = new ArrayDeque<>();
    long slabsTaken;
    long slabsReturned;
    long doubleFreesRefused;

    SmallMidDepot(int sizeClass, int blockSize, SlabPool pool) {
        this.sizeClass = sizeClass;
        this.blockSize = blockSize;
        this.pool = pool;
    }

    /**
     * Fills {@code into[0..)} with up to {@code n} blocks, mapping a new slab when needed; returns
     * how many. Out of memory part-way returns the blocks already taken (none is lost), and
     * throws only when it could take none.
     */
    synchronized int take(long[] into, int n) {
        int got = 0;
        while (got < n) {
            SmallMidSlab s = withRoom.peekFirst();
            if (s == null) {
                try {
                    s = newSlab();
                } catch (OutOfMemoryError e) {
                    if (got == 0) {
                        throw e;
                    }
                    return got;
                }
            }
            while (got < n && s.freeTop > 0) {
                int i = s.free[--s.freeTop];
                s.onStack[i >>> 6] &= ~(1L << i);
                into[got++] = s.base + (long) i * blockSize;
                s.used++;
            }
            while (got < n && s.carved < s.capacity) {
                into[got++] = s.base + (long) s.carved++ * blockSize;
                s.used++;
            }
            if (s.available() == 0) {
                withRoom.pollFirst();
                s.listed = false;
            }
        }
        return got;
    }

    private SmallMidSlab newSlab() {
        SmallMidSlab s = new SmallMidSlab(sizeClass, blockSize, pool.slabSize());
        s.base = pool.acquireSlab(sizeClass, s);
        slabsTaken++;
        s.listed = true;
        withRoom.addFirst(s);
        return s;
    }

    /** Takes back {@code blocks[0..n)}, all of this class; one already back (a double free) is refused and counted. */
    synchronized void giveBack(long[] blocks, int n) {
        for (int i = 0; i < n; i++) {
            SmallMidSlab s = pool.slabOf(blocks[i]) instanceof SmallMidSlab x && x.sizeClass == sizeClass ? x : null;
            int k = s == null ? -1 : (int) ((blocks[i] - s.base) / blockSize);
            if (s == null || k >= s.carved || (s.onStack[k >>> 6] & (1L << k)) != 0) {
                // Already back (its slab may even be gone): a double free. Refused, so the counts stay true.
                doubleFreesRefused++;
                continue;
            }
            s.onStack[k >>> 6] |= 1L << k;
            s.free[s.freeTop++] = k;
            if (--s.used == 0) {
                if (s.listed) {
                    withRoom.remove(s);
                }
                pool.releaseSlab(s.base);
                slabsReturned++;
            } else if (!s.listed) {
                s.listed = true;
                withRoom.addLast(s);
            }
        }
    }

    /** Slabs with room now (quiescent checks). */
    synchronized ArrayDeque<SmallMidSlab> slabsWithRoom() {
        return new ArrayDeque<>(withRoom);
    }
}
