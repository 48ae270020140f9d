/**
 * box-pool-tls: the Mid range, from where Tiny (or Small-Mid) ends up to 32 KiB. Per-thread free
 * lists with fixed refill counts over its own page backend: whole regions of a
 * {@code RegionSource}, each carved into blocks of one class.
 * {@link org.hakmem.box.pooltls.PoolTlsFront} is the box.
 *
 * <p>Useful on its own with box-api: give it any {@code RegionSource}.
 */
module org.hakmem.box.pooltls {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;

    exports org.hakmem.box.pooltls;
}
