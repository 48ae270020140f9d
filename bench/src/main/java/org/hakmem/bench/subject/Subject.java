package org.hakmem.bench.subject;

import org.hakmem.box.api.NativeMemory;

/**
 * Something that hands out and takes back native blocks: hakmem, a C allocator through FFM,
 * Unsafe, Netty, an Arena per block, or the bare floor. Workloads see only this.
 *
 * <p>A block is named by a {@code long} handle: its address where the subject works with
 * addresses; an index into a table of objects for Netty and Arena (a few nanoseconds that a user
 * of those APIs would spend holding the object instead).
 *
 * <p>Thread-safety: a subject is used by one thread; {@link #forThread()} gives the view another
 * thread uses. Blocks may be freed through another thread's view.
 */
public abstract class Subject implements AutoCloseable {

    /** For subclasses. */
    protected Subject() {}

    /** The name in reports, e.g. {@code hakmem-heap}. */
    public abstract String name();

    /** Allocates {@code size >= 1} bytes; returns the block's handle. */
    public abstract long malloc(long size);

    /** Frees a block by its handle. */
    public abstract void free(long handle);

    /** Writes the first and last byte of a fresh block, as every workload does after a malloc. */
    public void touch(long handle, long size) {
        NativeMemory.putByte(handle, (byte) 1);
        NativeMemory.putByte(handle + size - 1, (byte) 1);
    }

    /** The view of this subject for the calling thread (the same object where views are not needed). */
    public Subject forThread() {
        return this;
    }

    /** Gives everything back; the default has nothing to give. */
    @Override
    public void close() {}
}
