/**
 * box-tiny-front: sizes 1..1023 B. Per-thread heaps ({@link org.hakmem.box.tiny.TinyHeap}) pop
 * from a free list per class and refill in batches from slabs of a {@code SlabPool}; frees of
 * another thread's blocks travel back through a lock-free remote bitmap per slab (one bit per
 * block, set with one atomic OR); a dead thread's cached blocks go back to the
 * pool. {@link org.hakmem.box.tiny.TinyFront} is the box.
 *
 * <p>Useful on its own with box-api: give it any {@code SlabPool} and {@code FreeListFactory}.
 */
module org.hakmem.box.tiny {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;

    exports org.hakmem.box.tiny;
}
