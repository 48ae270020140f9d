package org.hakmem.box.tiny;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * Frees of a slab's blocks by threads other than its owner: a lock-free bitmap with one bit per
 * block of the slab, and a summary bit per bitmap word. A producer sets its block's bit with one
 * atomic OR (and the word's summary bit when the word was empty); the owner takes whole words
 * with an atomic swap.
 *
 * <pre>
 *   summary: | 0 | 1 | 0 | ... |        bit w: words[w] may hold bits
 *   words:   | ... | 0b0100_0001 | ... | bit i of words[w]: block 64w + i freed remotely
 * </pre>
 * Why a bitmap and not a stack of nodes: a remote free allocates nothing (a node per free was a
 * Java object per cross-thread free, and the owner's drain chased one pointer per block), and a
 * block's bit can be set only once, so a second remote free of the same block is caught at the
 * free itself. No link ever lives in the freed block, so a block here is never also written as a
 * free-list link (the seed's worst bug). It never blocks and never fills (Contract A).
 *
 * <p>Why the owner never misses a bit: a producer that finds its word empty sets the summary bit
 * after the word bit; the owner clears a summary bit before it swaps the word. A bit set after
 * the owner's swap either found the word empty (and sets the summary again) or landed in a word
 * the owner has not swapped yet (and is taken with it).
 *
 * <p>Thread-safety: {@link #push} from any thread; {@link #drain} by the slab's owner only;
 * {@link #forEach} at quiescent points only.
 */
final class RemoteFrees {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final long[] summary;

    /** @param blocks the slab's capacity in blocks */
    RemoteFrees(int blocks) {
        this.words = new long[(blocks + 63) >>> 6];
        this.summary = new long[(words.length + 63) >>> 6];
    }

    /**
     * Marks block {@code index} freed remotely; lock-free. Returns false, changing nothing, when
     * its bit was set already (the block was freed twice).
     */
    boolean push(int index) {
        int w = index >>> 6;
        long bit = 1L << index;
        long before = (long) LONGS.getAndBitwiseOr(words, w, bit);
        if ((before & bit) != 0) {
            return false;
        }
        if (before == 0) {
            LONGS.getAndBitwiseOr(summary, w >>> 6, 1L << w);
        }
        return true;
    }

    /** True when no block is waiting (a volatile read per summary word, one for slabs up to 4096 blocks). */
    boolean isEmpty() {
        for (int k = 0; k < summary.length; k++) {
            if ((long) LONGS.getVolatile(summary, k) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Takes every waiting block, handing each index to {@code sink}; returns how many. Owner only. */
    int drain(IntConsumer sink) {
        int n = 0;
        for (int k = 0; k < summary.length; k++) {
            if ((long) LONGS.getVolatile(summary, k) == 0) {
                continue;
            }
            for (long s = (long) LONGS.getAndSet(summary, k, 0L); s != 0; s &= s - 1) {
                int w = (k << 6) + Long.numberOfTrailingZeros(s);
                for (long bits = (long) LONGS.getAndSet(words, w, 0L); bits != 0; bits &= bits - 1) {
                    sink.accept((w << 6) + Long.numberOfTrailingZeros(bits));
                    n++;
                }
            }
        }
        return n;
    }

    /** Visits every waiting block without taking it (invariant checks at quiescent points). */
    void forEach(IntConsumer sink) {
        for (int w = 0; w < words.length; w++) {
            for (long bits = (long) LONGS.getVolatile(words, w); bits != 0; bits &= bits - 1) {
                sink.accept((w << 6) + Long.numberOfTrailingZeros(bits));
            }
        }
    }
}
