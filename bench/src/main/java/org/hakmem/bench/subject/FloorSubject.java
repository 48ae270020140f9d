package org.hakmem.bench.subject;

import java.lang.foreign.Arena;
import java.util.Arrays;
import org.hakmem.box.api.NativeMemory;

/**
 * The bare array-stack floor: the fastest conceivable Java cache over pre-carved blocks, so that
 * every result also reads as a ratio to it. Per power-of-two class a {@code long[]} stack of
 * addresses; the class rides in the handle's low 4 bits, so a free needs no lookup at all.
 *
 * <pre>
 *   handle = address | class      (blocks are 16-aligned; classes 16 B .. 32 KiB are 0..11)
 *   malloc: stack[class].pop ─► empty: carve a 1 MiB chunk (rare)     free: stack[class].push
 * </pre>
 * Blocks of 4 KiB and more are carved at a stride of size + 64 bytes: at exact 4 KiB multiples
 * every block maps to the same cache sets and the floor itself would slow down (aliasing).
 */
sealed class FloorSubject extends Subject permits LookupFloorSubject, CachedFloorSubject.View {

    private static final int CLASSES = 12;
    /** The size of the chunks a class's blocks are carved from. */
    static final long CHUNK = 1 << 20;

    final Arena arena;
    /** True for the subject that made the arena, false for {@link #forThread()} views: only it closes the arena. */
    private final boolean ownsArena;
    private final long[][] stacks = new long[CLASSES][];
    private final int[] tops = new int[CLASSES];

    FloorSubject() {
        this(Arena.ofShared(), true);
    }

    FloorSubject(Arena arena, boolean ownsArena) {
        this.arena = arena;
        this.ownsArena = ownsArena;
        for (int c = 0; c < CLASSES; c++) {
            stacks[c] = new long[1024];
        }
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public long malloc(long size) {
        int c = classOf(size);
        return pop(c) | c;
    }

    /** The address of a free block of class {@code c}. */
    final long pop(int c) {
        int t = tops[c];
        if (t == 0) {
            t = carve(c);
        }
        tops[c] = t - 1;
        return stacks[c][t - 1];
    }

    /** The class of {@code size >= 1}: the smallest power of two >= max(size, 16), 16 B being class 0. */
    static int classOf(long size) {
        return Math.max(0, 60 - Long.numberOfLeadingZeros(size - 1));
    }

    @Override
    public void touch(long handle, long size) {
        touchBlock(handle, size);
    }

    /** {@link #touch} for any handle of the floor's form (the class in its low 4 bits). */
    static void touchBlock(long handle, long size) {
        long a = handle & ~15L;
        NativeMemory.putByte(a, (byte) 1);
        NativeMemory.putByte(a + size - 1, (byte) 1);
    }

    @Override
    public void free(long handle) {
        push((int) (handle & 15), handle & ~15L);
    }

    /** Takes back the block at {@code address}, of class {@code c}. */
    final void push(int c, long address) {
        int t = tops[c];
        long[] s = stacks[c];
        if (t == s.length) {
            s = grow(c);
        }
        s[t] = address;
        tops[c] = t + 1;
    }

    /** The rare path: carve a fresh chunk into blocks of class {@code c}. */
    private int carve(int c) {
        long size = 16L << c;
        long stride = size >= 4096 ? size + 64 : size;
        long chunk = newChunk(c);
        for (long a = chunk; a + stride <= chunk + CHUNK; a += stride) {
            if (tops[c] == stacks[c].length) {
                grow(c);
            }
            stacks[c][tops[c]++] = a;
        }
        return tops[c];
    }

    /** A fresh chunk of {@link #CHUNK} bytes for class {@code c} (the rare path). */
    long newChunk(int c) {
        return arena.allocate(CHUNK, 4096).address();
    }

    private long[] grow(int c) {
        stacks[c] = Arrays.copyOf(stacks[c], stacks[c].length * 2);
        return stacks[c];
    }

    @Override
    public Subject forThread() {
        return new FloorSubject(arena, false);
    }

    /** Frees every chunk, once every view is done (the bench closes the subject it created, after its threads). */
    @Override
    public void close() {
        if (ownsArena) {
            arena.close();
        }
    }
}
