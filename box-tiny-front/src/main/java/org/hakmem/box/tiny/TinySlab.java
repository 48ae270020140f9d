package org.hakmem.box.tiny;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;
import org.hakmem.box.api.ExactDivision;
import org.hakmem.box.api.FreeList;

/**
 * Tiny's descriptor of one slab: the slab's blocks, which of them are free, and who owns it. It
 * is the attachment the slab is registered with in the pool, so a free finds it with one lookup.
 *
 * <pre>
 *   base                                                       base + capacity * blockSize
 *   | block 0 | block 1 | ... | block carved-1 | never handed out ...         |
 *   free:  indices of carved blocks given back to the slab (an int stack on the Java heap)
 *   remote: blocks freed by other threads, not yet taken back by the owner (a bitmap)
 *   used:  carved - |free|  = blocks in users' hands, in the owner's free list, or in remote
 * </pre>
 * Invariant: {@code 0 <= used <= carved <= capacity}; {@code used + |free| == carved}; bit i of
 * {@code onStack} is set exactly when index i is on the free stack, so a block given back twice
 * (a double free reaching its slab) is refused instead of counted twice.
 *
 * <p>Thread-safety: every field but {@link #remote}, {@link #owner} and {@link #released} is
 * written only on the owner heap's thread. Ownership moves only through a thread's death (the heap is reaped after the
 * thread is seen dead, which orders its writes before the reaper's) and the orphan queue
 * (a concurrent queue, which orders the hand-over). Another thread's free and {@code usableSize}
 * also read {@code base} (set before any block is handed out) and {@code carved} and {@code
 * carvedScaled} without a lock: both only grow while the slab is live, {@link #take} writes them
 * once per batch after carving it, and a block reaches another thread only after the take that
 * carved it, so a stale value can only refuse an address no thread was given.
 */
final class TinySlab {

    /**
     * Set once, right after the pool hands the slab out and before any block of it is; every
     * thread that reaches this descriptor through a block address therefore sees it.
     */
    long base;
    final int sizeClass;
    final int blockSize;
    /**
     * {@link ExactDivision#oddInverse}, {@link ExactDivision#lowBits} and the trailing zero bits
     * of the block size: {@link #holdsBlock}'s test and {@link #indexOf}'s quotient.
     */
    final long inverse;
    final long lowBits;
    final int twos;
    final int capacity;
    final RemoteFrees remote;
    /**
     * The owning heap, or null while orphaned. Plain, not volatile, on purpose: a heap's own
     * thread is the only one that ever sets it to that heap (taking a fresh slab, adopting an
     * orphan), and it moves away from a heap only after that heap's thread has died (orphaning,
     * ordered by the reaper's liveness check). So a thread that reads its own heap here reads the
     * truth, and any other value it reads sends it to the remote bitmap, which is right for every
     * value it could read. A volatile read on the free path fenced every load after it: fixed-16
     * ran at 245 M ops/s with it and 322 without, in one session's runs.
     */
    TinyHeap owner;
    /** Set once the slab went back to the pool: a stale address that still finds it is refused. */
    volatile boolean released;
    /**
     * The owner's free list of this class, kept here so that the owner's free goes from the slab
     * straight to its list (one dependent load fewer than heap, lists, class). Read only after
     * {@link #owner} was seen to be the reading heap, which wrote it.
     */
    FreeList list;
    int carved;
    /**
     * Whether the owner heap's queue of slabs with given-back blocks holds this slab (owner
     * heap's thread only; see {@code TinyHeap.partial}).
     */
    boolean queued;
    /** {@code carved << twos}: {@link #holdsBlock}'s bound, kept so that the test needs no shift. */
    long carvedScaled;
    int used;
    private int[] free = new int[16];
    private int freeTop;
    private final long[] onStack;

    TinySlab(int sizeClass, int blockSize, int slabSize, TinyHeap owner) {
        this.sizeClass = sizeClass;
        this.blockSize = blockSize;
        this.inverse = ExactDivision.oddInverse(blockSize);
        this.lowBits = ExactDivision.lowBits(blockSize);
        this.twos = Integer.numberOfTrailingZeros(blockSize);
        this.capacity = slabSize / blockSize;
        this.onStack = new long[(capacity + 63) >>> 6];
        this.remote = new RemoteFrees(capacity);
        this.owner = owner;
    }

    /** The index of the block starting at {@code address} (a block start of this slab). */
    int indexOf(long address) {
        return (int) ExactDivision.quotientOfMultiple(address - base, inverse, twos);
    }

    /**
     * True when {@code address} is the start of a block of this slab that was ever handed out,
     * wherever the address lies: one multiply, one unsigned compare and one mask test ({@link
     * ExactDivision#isMultipleBelow}) for every class (an address below the base wraps to a huge
     * offset and fails the bound, which refuses the negative addresses the fast free's range test
     * lets through). Why this form: a choice between a mask for powers of two and a multiply with
     * a rotate for the others is a branch that follows the freed block's size; a rotate for
     * every class cost fixed-16 and fixed-64 about 10%; this test costs a power-of-two class
     * about what the mask did. Interleaved 1-fork SlotBench runs, M ops/s, this test against the
     * choice: Tiny's own classes, fixed-16 639 and 607 against 648 and 631, random-mixed 187 and
     * 165 against 183 and 174; with {@code HAKMEM_TINY_WIDE} (4 MiB slabs), fixed-4096 635 and
     * 636 against 551 and 539, mixed-wide 145 and 150 against 144 and 142.
     */
    boolean holdsBlock(long address) {
        return ExactDivision.isMultipleBelow(address - base, inverse, lowBits, carvedScaled);
    }

    /** Blocks that {@link #take} can hand out without draining remote frees. */
    int available() {
        return freeTop + capacity - carved;
    }

    /** Blocks given back to this slab and not taken again. */
    int freeCount() {
        return freeTop;
    }

    /**
     * Hands out up to {@code max} blocks into {@code into}: given-back blocks while the slab has
     * any, else up to {@code maxFresh} fresh ones, never both. Why: given-back blocks are
     * resident and fresh ones are not. A refill that topped a few given-back blocks up with fresh
     * ones carved new pages while the class did not grow, and once lists spill, those blocks mix
     * with the given-back ones and are soon touched: with 1 MiB lists, mixed-wide's resident
     * bytes were 1.35x of live with that top-up and 1.26x without it (the memory probe's loop).
     */
    int take(long[] into, int max, int maxFresh) {
        int n = 0;
        if (freeTop > 0) {
            while (n < max && freeTop > 0) {
                int i = free[--freeTop];
                onStack[i >>> 6] &= ~(1L << i);
                into[n++] = base + (long) i * blockSize;
            }
        } else {
            // Carved in a local and published once, with carvedScaled: a block counts as carved
            // for another thread's free only once the whole batch is.
            int c = carved;
            int end = c + Math.min(Math.min(max, maxFresh), capacity - c);
            while (c < end) {
                into[n++] = base + (long) c++ * blockSize;
            }
            carved = c;
            carvedScaled = (long) c << twos;
        }
        used += n;
        return n;
    }

    /** {@link #giveBack}: the block came back and the slab still has blocks out. */
    static final int BACK = 0;
    /** {@link #giveBack}: the block came back and the slab is now wholly free. */
    static final int NOW_EMPTY = 1;
    /** {@link #giveBack}: the block was already free here (a double free); nothing changed. */
    static final int ALREADY_FREE = -1;

    /** Takes back one block: {@link #BACK}, {@link #NOW_EMPTY} or {@link #ALREADY_FREE}. */
    int giveBack(long address) {
        return giveBackIndex(indexOf(address));
    }

    private int giveBackIndex(int i) {
        if ((onStack[i >>> 6] & (1L << i)) != 0) {
            return ALREADY_FREE;
        }
        if (freeTop == free.length) {
            free = Arrays.copyOf(free, Math.min(capacity, free.length * 2));
        }
        onStack[i >>> 6] |= 1L << i;
        free[freeTop++] = i;
        return --used == 0 ? NOW_EMPTY : BACK;
    }

    /** Takes back every remotely freed block; returns how many were refused as double frees. */
    int drainRemote() {
        int usedBefore = used;
        int n = remote.drain(takeBackRemote);
        // Each block taken back lowers used by one; the others were free already.
        return n - (usedBefore - used);
    }

    /** The drain's sink, made once per slab rather than once per drain. */
    private final IntConsumer takeBackRemote = this::giveBackIndex;

    /** The addresses of blocks waiting in {@link #remote} (quiescent invariant checks). */
    long[] remoteBlocks() {
        LongStream.Builder b = LongStream.builder();
        remote.forEach(i -> b.add(base + (long) i * blockSize));
        return b.build().toArray();
    }

    /** Indices on the free stack (for invariant checks). */
    int[] freeIndices() {
        return Arrays.copyOf(free, freeTop);
    }
}
