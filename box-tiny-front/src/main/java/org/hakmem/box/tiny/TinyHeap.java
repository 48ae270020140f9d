package org.hakmem.box.tiny;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.hakmem.box.api.BlockHeap;
import org.hakmem.box.api.FreeList;
import org.hakmem.box.api.SizeClasses;

/**
 * One thread's Tiny heap: a free list per class, the slabs this thread owns, and the batch
 * buffer for refills and spills. Hold it in a hot loop to skip the {@code ThreadLocal} lookup.
 *
 * <pre>
 *   allocate(size) ─► class ─► list.pop()                                   (the fast path)
 *                                └ empty ─► refill: current slab ─► another own slab
 *                                             ─► an orphaned slab ─► a new slab from the pool
 *   free(addr)     ─► slab = the fast free's slab (the last refill's, when the two last
 *                       │          refills were of one class) when addr lies in it, else the
 *                       │          front's slab map (Java heap only)
 *                       ├ ours     ─► list.push()   └ full ─► spill half the list to its slabs
 *                       └ another's ─► slab.remote.push()   (a lock-free bit; the owner drains it)
 * </pre>
 *
 * <p>Thread-safety: confined to {@link #owner()}; a call from another thread is an
 * {@link IllegalStateException} and changes nothing.
 */
public final class TinyHeap implements BlockHeap {

    /**
     * {@link #hotBase} when no slab is remembered: no address in {@code [0, 2^63)} is within a
     * slab of it. Negative addresses just above it are, and meet a slab's lower-bound test
     * ({@link TinySlab#holdsBlock}), which refuses them.
     */
    private static final long NO_BASE = Long.MIN_VALUE;

    private final TinyFront front;
    private final Thread owner;
    private final long maxSize;
    /** The classes' lookup table, here so that malloc's size-to-class is one load off this heap. */
    private final byte[] classIndex;
    /** The front's slab map root and shift, here so that a free looks up without going through the front. */
    private final TinySlab[][] slabRoot;
    private final int slabShift;
    private final long slabSize;
    /** {@link TinyFront#fastFree()}: false leaves {@link #hotBase} disarmed for good. */
    private final boolean fastFree;
    /**
     * The slab map's leaf this heap's last lookup went through, and its root index (-1: none yet).
     * Why: one heap's blocks nearly always lie under one leaf (2^18 slabs, 16 GiB of 64 KiB slabs),
     * so the common free skips the root table: one dependent load and the 48-bit test fewer (an
     * address above 2^48 has a root index no leaf has, and misses the compare). fixed-16 ran at
     * 421-465 M ops/s without it and 573-575 with it, in alternating runs of one session. A leaf
     * is never replaced once installed, so a remembered one stays right. Owner-confined.
     */
    private long hotLeafIndex = -1;
    private TinySlab[] hotLeaf = new TinySlab[1];
    /**
     * The fast free's slab base ({@link #NO_BASE}: none), under {@link #hotLeaf}. Why: a free
     * within that slab finds the slab through this field instead of through its address, so its
     * push no longer waits on the chain address, leaf, slab, list, and the next malloc's pop
     * waits on that push. A refill arms it to the slab it took from when the refill before it was
     * of the same class, and disarms it otherwise; a leaf switch and a spill ({@link #spill})
     * disarm it too. So a thread in a one-size phase gets it, and a thread whose refills spread
     * over classes (mixed sizes) has it off at no cost per free (a range test the JIT sees fail).
     * A number, not the slab: a reference stored on every change pays the collector's write
     * barrier. The slab is read from the live map, so it is exactly what a lookup would find.
     *
     * <p>Measured (interleaved 1-fork SlotBench runs, M ops/s) against the rule it replaced, which
     * armed after four own frees in a row to one slab and disarmed on a free elsewhere, a history
     * updated on every free that went through the map: random-mixed 209-216 against 180-192,
     * mixed-wide 145-155 against 133-138, larson-2t 53.8-57.4 against 49.8-54.4; fixed-16,
     * fixed-256, fixed-4096 and fixed-16384 unchanged. Arming at every refill whatever the class
     * before lost random-mixed 5% (a seventh of its frees then hit the armed slab at random, a
     * branch often mispredicted); disarming on every free that went through the map lost
     * mixed-wide 10%. The cost of the rule: a thread that refills another class once (an odd
     * size) loses the fast free until two refills in a row are of one class again, and a steady
     * loop of one size refills nothing, so it can stay off until the loop's class refills twice.
     */
    private long hotBase = NO_BASE;
    /** The class of this heap's last refill (-1: none yet): {@link #hotBase}'s arming rule. */
    private int lastRefillClass = -1;
    /** Per class; null until the class is first refilled (a heap that only frees stays small). */
    private final FreeList[] lists;
    private final TinySlab[] current;
    private final List<ArrayList<TinySlab>> slabs;
    /**
     * Per class, own slabs that got blocks back (a spill, a flush) while not current, each once
     * ({@link TinySlab#queued}). A refill whose current slab has no given-back block takes one
     * of these before carving fresh blocks. Why: given-back blocks are resident, fresh ones are
     * not; carving while they sit idle grows the class's memory past its live blocks. Only the
     * rare paths touch it (spill, refill, release).
     */
    private final List<ArrayDeque<TinySlab>> partial;
    private final long[] batch;
    final long[] refills;
    final long[] spills;
    /** Per class, refills served by {@link #borrow} (counted in {@link #refills} too). */
    final long[] borrows;
    long remoteFrees;

    TinyHeap(TinyFront front, Thread owner) {
        this.front = front;
        this.owner = owner;
        SizeClasses classes = front.classes();
        this.maxSize = front.maxSize();
        this.classIndex = classes.lookupTable();
        this.slabRoot = front.slabMap().root();
        this.slabShift = front.slabMap().slabShift();
        this.slabSize = 1L << slabShift;
        this.fastFree = front.fastFree();
        int n = classes.count();
        this.lists = new FreeList[n];
        this.current = new TinySlab[n];
        this.slabs = new ArrayList<>(n);
        this.partial = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            slabs.add(new ArrayList<>());
            partial.add(new ArrayDeque<>());
        }
        this.batch = new long[Math.max(front.refillCount(), front.listCapacity())];
        this.refills = new long[n];
        this.spills = new long[n];
        this.borrows = new long[n];
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public long allocate(long size) {
        long b = tryAllocate(size);
        if (b == 0) {
            throw front.badSize(size);
        }
        return b;
    }

    /**
     * The routing's fast entry: a block of {@code size} bytes when Tiny serves that size
     * ({@code 1..maxSize}), else 0 and nothing changes, so that the caller routes the size on.
     * Why: the routing then tests the size once, here, where it tested it itself first and
     * Tiny again (the compiled loop of random-mixed kept both compares). A block is never at
     * address 0, so the caller's test of the result folds away after a pop.
     *
     * @throws IllegalStateException when called from a thread other than {@link #owner()}
     */
    public long tryAllocate(long size) {
        if (Thread.currentThread() != owner) {
            throw wrongThread("allocate");
        }
        // size - 1 as unsigned: 0 and negatives wrap around and fail the same single compare.
        if (Long.compareUnsigned(size - 1, maxSize) >= 0) {
            return 0;
        }
        int c = classIndex[(int) ((size + 7) >>> 3)];
        FreeList l = lists[c];
        long b;
        if (l != null && (b = l.pop()) != 0) {
            return b;
        }
        return refill(c);
    }

    @Override
    public boolean free(long address) {
        if (Thread.currentThread() != owner) {
            throw wrongThread("free");
        }
        return freeOnOwnerThread(address);
    }

    /** The free path, called on this heap's thread. */
    boolean freeOnOwnerThread(long address) {
        return freeHere(address) > 0;
    }

    /**
     * The routing's fast entry: frees {@code address} if it lies in a Tiny slab. Returns 1 when
     * freed, 0 when the address is not in any live Tiny slab (another box may own it), and -1
     * when it is in one but is not a block start there (the caller refuses it).
     *
     * @throws IllegalStateException when called from a thread other than {@link #owner()}
     */
    public int tryFree(long address) {
        if (Thread.currentThread() != owner) {
            throw wrongThread("free");
        }
        return freeHere(address);
    }

    /**
     * The free path: when the address lies in the fast free's slab (see {@link #hotBase}), that
     * slab, found without the address; else the slab map. One push site, to keep the compiled
     * free small (callers inline it only while it is).
     */
    private int freeHere(long address) {
        TinySlab s;
        if (Long.compareUnsigned(address - hotBase, slabSize) >= 0
                || (s = hotLeaf[(int) (hotBase >>> slabShift & TinySlabMap.LEAF_MASK)]) == null
                || s.owner != this || !s.holdsBlock(address)) {
            s = slabAt(address);
            if (s == null || s.owner != this) {
                return s == null ? 0 : freeForeign(s, address);
            }
            if (!s.holdsBlock(address)) {
                return -1;
            }
        }
        if (!s.list.push(address)) {
            spill(s.sizeClass, address);
        }
        return 1;
    }

    /**
     * The slab map's entry for {@code address} (the leaf straight off this heap); null when there
     * is none. Every load on the way depends on the one before.
     */
    private TinySlab slabAt(long address) {
        long i = address >>> slabShift;
        TinySlab[] leaf = i >>> TinySlabMap.LEAF_BITS == hotLeafIndex ? hotLeaf : leafOf(address);
        return leaf == null ? null : leaf[(int) (i & TinySlabMap.LEAF_MASK)];
    }

    /**
     * The slab map's leaf for {@code address} through the root (the less common path: the
     * address is outside the leaf this heap used last), remembered for the next free; null for an
     * address outside the map or under no leaf yet.
     */
    private TinySlab[] leafOf(long address) {
        TinySlab[] leaf = TinySlabMap.leaf(slabRoot, slabShift, address);
        if (leaf != null) {
            hotLeafIndex = address >>> slabShift >>> TinySlabMap.LEAF_BITS;
            hotLeaf = leaf;
            // The fast free's slab was one under the old leaf.
            hotBase = NO_BASE;
        }
        return leaf;
    }

    /**
     * A block of another heap's (or an orphaned) slab: its remote bitmap (the less common path).
     * A released slab's address is stale, refused like any other non-block. A block whose bit is
     * set already was freed twice: the second copy is counted and dropped, as a drain would.
     */
    private int freeForeign(TinySlab s, long address) {
        if (s.released || !s.holdsBlock(address)) {
            return -1;
        }
        if (s.remote.push(s.indexOf(address))) {
            remoteFrees++;
        } else {
            front.doubleFreeRefused(1);
        }
        return 1;
    }

    /** The list is empty: move a batch from a slab into it and return one block (the slow path). */
    private long refill(int c) {
        refills[c]++;
        FreeList l = lists[c];
        if (l == null) {
            l = front.newList(c);
            lists[c] = l;
        }
        TinySlab s = current[c];
        if (s != null && !s.remote.isEmpty()) {
            // The owner drains remote frees before it takes from the slab (one place per block).
            drain(s);
        }
        long b;
        if (s == null || s.freeCount() == 0) {
            TinySlab p = firstQueued(c);
            if (p != null) {
                partial.get(c).poll().queued = false;
                current[c] = p;
                s = p;
            } else if ((b = borrow(c)) != 0) {
                // Nothing given back in this class: a block of a class up, not a fresh one.
                return b;
            }
        }
        if (s == null || s.available() == 0) {
            s = switchSlab(c);
        }
        arm(c, s);
        int n = s.take(batch, Math.min(front.refillCount(), l.capacity() + 1), front.freshPerRefill(c));
        l.pushBatch(batch, n - 1);
        return batch[n - 1];
    }

    /**
     * A refill of class {@code c} that would carve: one free block of a class at most a quarter
     * larger ({@link TinyFront#borrowUpTo}), from its list or its current or a queued slab;
     * 0 when none. The block stays its own class's. Why: each class keeps as many blocks as it
     * ever had in use, so the next class's free blocks are resident and idle, while fresh ones
     * become resident when touched. Memory probe's loop: 1.239x of live before, 1.183x with it
     * (and the eighth steps of {@link org.hakmem.box.api.SizeClasses#WIDE}).
     */
    private long borrow(int c) {
        for (int d = c + 1, last = front.borrowUpTo(c); d <= last; d++) {
            long b = lists[d] == null ? 0 : lists[d].pop();
            if (b != 0 || (b = takeGivenBack(d)) != 0) {
                borrows[c]++;
                return b;
            }
        }
        return 0;
    }

    /** One given-back block of class {@code d}'s current or a queued slab; 0 when neither has one. */
    private long takeGivenBack(int d) {
        TinySlab t = current[d] != null && current[d].freeCount() > 0 ? current[d] : firstQueued(d);
        return t != null && t.take(batch, 1, 0) == 1 ? batch[0] : 0;
    }

    /** A refill of class {@code c} from slab {@code s}: the fast free's arming rule (see {@link #hotBase}). */
    private void arm(int c, TinySlab s) {
        boolean again = c == lastRefillClass;
        lastRefillClass = c;
        if (!fastFree || !again) {
            hotBase = NO_BASE;
            return;
        }
        if (s.base >>> slabShift >>> TinySlabMap.LEAF_BITS != hotLeafIndex) {
            // The fast free reads its slab under hotLeaf: switch to the slab's leaf first.
            leafOf(s.base);
        }
        hotBase = s.base;
    }

    /**
     * The first queued own slab of class {@code c} with given-back blocks, left at the queue's
     * head, the ones borrowing emptied before it dequeued; null when none. */
    private TinySlab firstQueued(int c) {
        ArrayDeque<TinySlab> q = partial.get(c);
        for (TinySlab p = q.peek(); p != null; p = q.peek()) {
            if (p.freeCount() > 0) {
                return p;
            }
            q.poll().queued = false;
        }
        return null;
    }

    /** The current slab is exhausted: another own slab with room, an orphan, or a new slab. */
    private TinySlab switchSlab(int c) {
        ArrayList<TinySlab> own = slabs.get(c);
        for (TinySlab t : own) {
            if (t != current[c]) {
                drain(t);
                if (t.available() > 0) {
                    current[c] = t;
                    return t;
                }
            }
        }
        for (TinySlab o = front.adoptOrphan(c, this); o != null; o = front.adoptOrphan(c, this)) {
            o.list = lists[c];
            drain(o);
            own.add(o);
            if (o.available() > 0) {
                current[c] = o;
                return o;
            }
        }
        TinySlab fresh = front.newSlab(c, this);
        fresh.list = lists[c];
        own.add(fresh);
        current[c] = fresh;
        return fresh;
    }

    /**
     * The list is full: return half of it and {@code address} to their slabs; disarm the fast
     * free and forget the last refill's class ({@link #hotBase}). Why: a steady one-size loop
     * never spills, but mixed-wide's 32 KiB class, whose list holds barely a refill, spills and
     * refills by turns and kept it armed. Interleaved 1-fork runs, M ops/s: mixed-wide 164-167
     * against 150-156; fixed sizes, random-mixed and larson-2t unchanged.
     */
    private void spill(int c, long address) {
        spills[c]++;
        lastRefillClass = -1;
        hotBase = NO_BASE;
        FreeList l = lists[c];
        int n = l == null ? 0 : l.popBatch(batch, l.capacity() / 2);
        returnToSlab(address);
        for (int i = 0; i < n; i++) {
            returnToSlab(batch[i]);
        }
    }

    private void returnToSlab(long block) {
        TinySlab s = front.slabOf(block);
        if (s == null || s.owner != this || s.released || !s.holdsBlock(block)) {
            // Every block on this heap's lists came from its own live slabs: one whose slab is
            // gone, or now belongs to another heap, or that is no block start of the slab there
            // now (a slab given back and taken again for another class), is the second copy of
            // a double free.
            front.doubleFreeRefused(1);
            return;
        }
        int r = s.giveBack(block);
        if (r == TinySlab.ALREADY_FREE) {
            front.doubleFreeRefused(1);
        } else if (r == TinySlab.NOW_EMPTY && s != current[s.sizeClass]) {
            releaseOwn(s);
        } else if (!s.queued && s != current[s.sizeClass]) {
            s.queued = true;
            partial.get(s.sizeClass).add(s);
        }
    }

    /** A wholly free own slab that is not current goes back to the pool. */
    private void releaseOwn(TinySlab s) {
        slabs.get(s.sizeClass).remove(s);
        if (s.queued) {
            partial.get(s.sizeClass).remove(s);
            s.queued = false;
        }
        front.releaseSlab(s);
    }

    /** Drains a slab's remote bitmap, counting double frees it refused. */
    private void drain(TinySlab s) {
        int refused = s.drainRemote();
        if (refused != 0) {
            front.doubleFreeRefused(refused);
        }
    }

    /**
     * Gives every cached block back to its slab, and every wholly free slab back to the pool,
     * keeping the heap usable. Called on the owner thread ({@code trim()}), or by {@link #release()}.
     */
    void flush() {
        for (int c = 0; c < lists.length; c++) {
            current[c] = null;
            FreeList l = lists[c];
            for (int n = l == null ? 0 : l.popBatch(batch, batch.length); n > 0; n = l.popBatch(batch, batch.length)) {
                for (int i = 0; i < n; i++) {
                    returnToSlab(batch[i]);
                }
            }
            ArrayList<TinySlab> own = slabs.get(c);
            for (TinySlab s : new ArrayList<>(own)) {
                drain(s);
                if (s.used == 0) {
                    releaseOwn(s);
                }
            }
        }
    }

    /**
     * The owner thread has ended: everything cached goes back (see {@link #flush()}), and slabs
     * with blocks still out become orphans for another heap to adopt. Called by the front after
     * it saw the thread dead, never concurrently with the owner.
     */
    void release() {
        flush();
        for (ArrayDeque<TinySlab> q : partial) {
            q.forEach(s -> s.queued = false);
            q.clear();
        }
        for (ArrayList<TinySlab> own : slabs) {
            for (TinySlab s : own) {
                front.orphan(s);
            }
            own.clear();
        }
    }

    /**
     * Blocks on class {@code c}'s list, the next to be handed out first, without removing them:
     * the list's order is unchanged (quiescent use only).
     */
    long[] listed(int c) {
        FreeList l = lists[c];
        if (l == null) {
            return new long[0];
        }
        // One at a time: the contract leaves popBatch's order to the implementation.
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.pop();
        }
        for (int i = out.length - 1; i >= 0; i--) {
            l.push(out[i]);
        }
        return out;
    }

    /** The slab the fast free would find, or null while it is disarmed (tests). */
    TinySlab fastFreeSlab() {
        return hotBase == NO_BASE ? null : hotLeaf[(int) (hotBase >>> slabShift & TinySlabMap.LEAF_MASK)];
    }

    /** This heap's queue of class-{@code c} slabs with given-back blocks, in order (invariant checks). */
    List<TinySlab> queued(int c) {
        return List.copyOf(partial.get(c));
    }

    /** This heap's slabs of class {@code c}. */
    List<TinySlab> slabs(int c) {
        return slabs.get(c);
    }

    private IllegalStateException wrongThread(String op) {
        return new IllegalStateException("tiny-front: " + op + " on the heap of thread '" + owner.getName()
                + "' called from thread '" + Thread.currentThread().getName()
                + "'; a heap handle belongs to one thread (use the allocator's own methods from other threads)");
    }
}
