package org.hakmem.box.pooltls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.RegionSource;

/**
 * The Mid range's own page backend: per class, the regions with room, behind the class's lock.
 * Threads come here once per fixed-size batch, never per block.
 *
 * <pre>
 *   fill(c, n):   freed blocks of a page with room, then fresh ones; none ─► a region from the source
 *   drain(c, bs): each block back to its page; a wholly free page goes back to the source
 * </pre>
 * Thread-safety: any thread; per-class locks.
 */
final class MidBackend {

    private final RegionSource source;
    /** The source's registry, here so that the free path's lookup starts one load closer. */
    private final AddressRegistry registry;
    private final int ownerId;
    private final int[] sizes;
    private final List<ArrayDeque<MidPage>> withRoom = new ArrayList<>();
    private final Object[] locks;
    final AtomicLong pagesTaken = new AtomicLong();
    final AtomicLong pagesReturned = new AtomicLong();
    final AtomicLong doubleFreesRefused = new AtomicLong();

    MidBackend(RegionSource source, int ownerId, int[] sizes) {
        this.source = source;
        this.registry = source.registry();
        this.ownerId = ownerId;
        this.sizes = sizes.clone();
        this.locks = new Object[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            withRoom.add(new ArrayDeque<>());
            locks[i] = new Object();
        }
    }

    /**
     * The page holding {@code address}, or null when it is not one of ours: one registry lookup,
     * the page's backend telling ours from another Mid front's (cheaper than a second lookup of
     * the owner id).
     */
    MidPage pageOf(long address) {
        return registry.attachmentOf(address) instanceof MidPage p && p.backend == this ? p : null;
    }

    /**
     * Puts up to {@code n} blocks of class {@code c} into {@code into[0..)}; returns how many. Out
     * of memory part-way returns the blocks already taken (none is lost), and throws only when it
     * could take none.
     */
    int fill(int c, long[] into, int n) {
        synchronized (locks[c]) {
            ArrayDeque<MidPage> q = withRoom.get(c);
            int got = 0;
            while (got < n) {
                MidPage p = q.peekFirst();
                if (p == null) {
                    p = new MidPage(this, c, sizes[c], source.regionSize());
                    try {
                        p.base = source.acquireRegion(ownerId, p);
                    } catch (OutOfMemoryError e) {
                        if (got == 0) {
                            throw e;
                        }
                        return got;
                    }
                    pagesTaken.incrementAndGet();
                    q.addFirst(p);
                }
                while (got < n && p.freeTop > 0) {
                    int i = p.free[--p.freeTop];
                    p.onStack[i >>> 6] &= ~(1L << i);
                    into[got++] = p.base + (long) i * p.blockSize;
                    p.used++;
                }
                while (got < n && p.carved < p.capacity) {
                    into[got++] = p.base + (long) p.carved++ * p.blockSize;
                    p.used++;
                }
                if (p.freeTop == 0 && p.carved == p.capacity) {
                    q.pollFirst();
                }
            }
            return got;
        }
    }

    /** Takes back {@code blocks[0..n)}, all of class {@code c}; one already back (a double free) is refused and counted. */
    void drain(int c, long[] blocks, int n) {
        synchronized (locks[c]) {
            ArrayDeque<MidPage> q = withRoom.get(c);
            for (int i = 0; i < n; i++) {
                MidPage p = pageOf(blocks[i]);
                int k = p == null || p.sizeClass != c ? -1 : (int) p.index(blocks[i] - p.base);
                if (k < 0 || k >= p.carved || (p.onStack[k >>> 6] & (1L << k)) != 0) {
                    // Already back (its page may even be gone): a double free. Refused, so the counts stay true.
                    doubleFreesRefused.incrementAndGet();
                    continue;
                }
                boolean wasFull = p.freeTop == 0 && p.carved == p.capacity;
                if (p.freeTop == p.free.length) {
                    p.free = Arrays.copyOf(p.free, Math.min(p.capacity, p.free.length * 2));
                }
                p.onStack[k >>> 6] |= 1L << k;
                p.free[p.freeTop++] = k;
                if (--p.used == 0) {
                    q.remove(p);
                    source.releaseRegion(p.base);
                    pagesReturned.incrementAndGet();
                } else if (wasFull) {
                    q.addLast(p);
                }
            }
        }
    }

    /** Pages with room of class {@code c} (quiescent checks). */
    List<MidPage> pagesWithRoom(int c) {
        synchronized (locks[c]) {
            return new ArrayList<>(withRoom.get(c));
        }
    }
}
