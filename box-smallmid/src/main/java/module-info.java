/**
 * box-smallmid: 256 B to 4 KiB with its own classes and its own slab pool (never shared with
 * Tiny). Threads keep small magazines of blocks and refill them in batches of 8 to 16 from a
 * per-class depot of slabs. {@link org.hakmem.box.smallmid.SmallMidFront} is the box.
 *
 * <p>Useful on its own with box-api: give it any {@code SlabPool}.
 */
module org.hakmem.box.smallmid {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;

    exports org.hakmem.box.smallmid;
}
