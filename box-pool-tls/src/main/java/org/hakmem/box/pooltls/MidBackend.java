package org.hakmem.box.pooltls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.ClassCache;
import org.hakmem.box.api.RegionSource;

/**
 * The Mid range's own page backend: per class, the pages holding freed blocks and the one page
 * still being carved, behind the class's lock. Threads come here once per fixed-size batch,
 * never per block.
 *
 * <pre>
 *   giveBack(c, bs): any thread, lock-free: the batch is pushed on the class's MPSC stack
 *   fill(c, n):      (class lock) pushed batches back to their pages first, then freed blocks of
 *                    pages in withFree (oldest first) ─► fresh blocks of the carving page ─► a new
 *                    region from the source
 *   returning a block: back to its page (that page joins withFree); a wholly free page goes back
 *                    to the source
 * </pre>
 * A thread whose list overflows (a consumer freeing what a producer allocated, say) never waits
 * for a class lock (Contract A): its batch goes on a lock-free stack, many producers and one
 * consumer at a time (the holder of the class lock).
 * Freed blocks are always handed out before fresh ones are carved: a freed block is resident
 * already, a fresh one costs new pages. (Carving from whichever page came first, as this box
 * first did, left a third of mixed-wide's Mid memory resident but free.)
 *
 * <p>Freed blocks of 8 KiB and more whose class holds more than {@code keepFreeBytes} of resident
 * free blocks here give their whole pages back to the OS, from the pages fill reaches last, down
 * to half that bound. Without it a class keeps the high-water mark of its own live bytes
 * resident (a simulation of mixed-wide put that at 1.23x live bytes, and so did mincore); the
 * price, a page fault when such a block is used again, is paid only by a class that shrank by
 * more than the bound. A page's purged blocks sit at the bottom of its free stack
 * ({@code free[0..purgedTop)}), so fill hands out resident ones first.
 *
 * <p>Thread-safety: any thread; per-class locks.
 */
final class MidBackend implements ClassCache.Backend {

    /** Smallest block size whose blocks are purged: smaller ones rarely cover a whole page. */
    static final int PURGE_MIN_BLOCK = 8192;
    private static final long PAGE = 4096;

    private final RegionSource source;
    /** The source's registry, here so that the free path's lookup starts one load closer. */
    private final AddressRegistry registry;
    private final int ownerId;
    private final int[] sizes;
    /** Per class: pages with blocks on their free stack, each at most once. */
    private final List<ArrayDeque<MidPage>> withFree = new ArrayList<>();
    /** Per class: the page fresh blocks are carved from, or null. */
    private final MidPage[] carving;
    /** Per class: resident blocks on the free stacks of its pages. */
    private final long[] residentFree;
    private final long keepFreeBytes;
    private final Object[] locks;
    /** Per class: batches given back and not yet returned to their pages (a Treiber stack). */
    private final AtomicReferenceArray<Batch> returned;
    final AtomicLong pagesTaken = new AtomicLong();
    final AtomicLong pagesReturned = new AtomicLong();
    final AtomicLong doubleFreesRefused = new AtomicLong();
    final AtomicLong blocksPurged = new AtomicLong();
    final AtomicLong batchesGivenBack = new AtomicLong();

    /** A batch of one class's blocks on its way back; {@code next} is written before the push publishes it. */
    private static final class Batch {
        final long[] blocks;
        Batch next;

        Batch(long[] blocks) {
            this.blocks = blocks;
        }
    }

    /** @param keepFreeBytes resident free bytes a class may keep here before its blocks are purged */
    MidBackend(RegionSource source, int ownerId, int[] sizes, long keepFreeBytes) {
        this.source = source;
        this.registry = source.registry();
        this.ownerId = ownerId;
        this.sizes = sizes.clone();
        this.carving = new MidPage[sizes.length];
        this.residentFree = new long[sizes.length];
        this.keepFreeBytes = keepFreeBytes;
        this.locks = new Object[sizes.length];
        this.returned = new AtomicReferenceArray<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            withFree.add(new ArrayDeque<>());
            locks[i] = new Object();
        }
    }

    /** Number of classes, aligned ones included. */
    int classCount() {
        return sizes.length;
    }

    /** The registry the backend's regions are registered in. */
    AddressRegistry registry() {
        return registry;
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
    @Override
    public int fill(int c, long[] into, int n) {
        synchronized (locks[c]) {
            ArrayDeque<MidPage> q = withFree.get(c);
            returnGivenBack(c, q);
            int got = 0;
            for (MidPage p = q.peekFirst(); got < n && p != null; p = q.peekFirst()) {
                while (got < n && p.freeTop > 0) {
                    int i = p.free[--p.freeTop];
                    if (p.freeTop < p.purgedTop) {
                        p.purgedTop = p.freeTop;
                    } else {
                        residentFree[c]--;
                    }
                    p.onStack[i >>> 6] &= ~(1L << i);
                    into[got++] = p.base + (long) i * p.blockSize;
                    p.used++;
                }
                if (p.freeTop == 0) {
                    q.pollFirst();
                }
            }
            while (got < n) {
                MidPage p = carving[c];
                if (p == null || p.carved == p.capacity) {
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
                    carving[c] = p;
                }
                while (got < n && p.carved < p.capacity) {
                    into[got++] = p.base + (long) p.carved++ * p.blockSize;
                    p.used++;
                }
            }
            return got;
        }
    }

    /**
     * Gives back {@code blocks[0..n)}, all of class {@code c}, from any thread without waiting: they
     * return to their pages at the class's next fill or {@link #collect}.
     */
    @Override
    public void giveBack(int c, long[] blocks, int n) {
        if (n == 0) {
            return;
        }
        Batch b = new Batch(Arrays.copyOf(blocks, n));
        Batch head;
        do {
            head = returned.get(c);
            b.next = head;
        } while (!returned.compareAndSet(c, head, b));
        batchesGivenBack.incrementAndGet();
    }

    /** Returns every given-back block of every class to its page now (trim, invariant checks). */
    void collect() {
        for (int c = 0; c < sizes.length; c++) {
            synchronized (locks[c]) {
                returnGivenBack(c, withFree.get(c));
            }
        }
    }

    /** Batches given back to class {@code c} since the last call, back to their pages (caller holds the class lock). */
    private void returnGivenBack(int c, ArrayDeque<MidPage> q) {
        // Most fills find nothing given back: a read first spares them the atomic exchange.
        if (returned.get(c) == null) {
            return;
        }
        for (Batch b = returned.getAndSet(c, null); b != null; b = b.next) {
            returnToPages(c, q, b.blocks, b.blocks.length);
        }
    }

    /** Takes back {@code blocks[0..n)}, all of class {@code c}; one already back (a double free) is refused and counted. */
    private void returnToPages(int c, ArrayDeque<MidPage> q, long[] blocks, int n) {
        for (int i = 0; i < n; i++) {
            MidPage p = pageOf(blocks[i]);
            int k = p == null || p.sizeClass != c ? -1 : (int) p.index(blocks[i] - p.base);
            if (k < 0 || k >= p.carved || (p.onStack[k >>> 6] & (1L << k)) != 0) {
                // Already back (its page may even be gone): a double free. Refused, so the counts stay true.
                doubleFreesRefused.incrementAndGet();
                continue;
            }
            if (p.freeTop == p.free.length) {
                p.free = Arrays.copyOf(p.free, Math.min(p.capacity, p.free.length * 2));
            }
            boolean hadFree = p.freeTop > 0;
            p.onStack[k >>> 6] |= 1L << k;
            p.free[p.freeTop++] = k;
            residentFree[c]++;
            if (--p.used == 0) {
                residentFree[c] -= p.freeTop - p.purgedTop;
                q.remove(p);
                if (carving[c] == p) {
                    carving[c] = null;
                }
                source.releaseRegion(p.base);
                pagesReturned.incrementAndGet();
            } else if (!hadFree) {
                q.addLast(p);
            }
        }
        if (sizes[c] >= PURGE_MIN_BLOCK && residentFree[c] * sizes[c] > keepFreeBytes) {
            purge(c, q);
        }
    }

    /**
     * Gives back the pages of free blocks of class {@code c}, from the pages fill reaches last,
     * until at most half of {@code keepFreeBytes} stays resident (the rare path; caller holds the
     * class lock). Each page's run is sorted so that neighbouring blocks go in one call.
     */
    private void purge(int c, ArrayDeque<MidPage> q) {
        long keep = keepFreeBytes / 2 / sizes[c];
        for (Iterator<MidPage> it = q.descendingIterator(); it.hasNext() && residentFree[c] > keep; ) {
            MidPage p = it.next();
            if (p.freeTop == p.purgedTop) {
                continue;
            }
            Arrays.sort(p.free, p.purgedTop, p.freeTop);
            long runStart = -1;
            long runEnd = -1;
            long lastBlockEnd = -1;
            for (int j = p.purgedTop; j < p.freeTop; j++) {
                long b = p.base + (long) p.free[j] * p.blockSize;
                long to = (b + p.blockSize) & -PAGE;
                if (b == lastBlockEnd) {
                    // The previous free block ends where this one starts: one run, the page they share included.
                    runEnd = to;
                } else {
                    purgeRun(runStart, runEnd);
                    runStart = (b + PAGE - 1) & -PAGE;
                    runEnd = to;
                }
                lastBlockEnd = b + p.blockSize;
            }
            purgeRun(runStart, runEnd);
            blocksPurged.addAndGet(p.freeTop - p.purgedTop);
            residentFree[c] -= p.freeTop - p.purgedTop;
            p.purgedTop = p.freeTop;
        }
    }

    private void purgeRun(long from, long to) {
        if (to > from) {
            source.purge(from, to - from);
        }
    }

    /** Pages of class {@code c} with room: freed blocks or blocks not yet carved (quiescent checks). */
    List<MidPage> pagesWithRoom(int c) {
        synchronized (locks[c]) {
            List<MidPage> pages = new ArrayList<>(withFree.get(c));
            MidPage p = carving[c];
            if (p != null && !pages.contains(p)) {
                pages.add(p);
            }
            return pages;
        }
    }
}
