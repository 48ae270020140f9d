/**
 * box-shared-pool: one pool of slabs shared by all size classes of a box
 * ({@link org.hakmem.box.sharedpool.SharedSlabPool}), and the seed's baseline of one pool per class
 * ({@link org.hakmem.box.sharedpool.PerClassSlabPool}) for A/B runs.
 *
 * <p>Useful on its own with box-api: give it any {@code RegionSource} (for example box-api's
 * {@code ArenaRegionSource}) and it hands out aligned, class-tagged slabs.
 */
module org.hakmem.box.sharedpool {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;

    exports org.hakmem.box.sharedpool;
}
