/**
 * box-superslab: OS memory for hakmem through FFM downcalls to {@code mmap}, {@code munmap} and
 * {@code madvise}; aligned SuperSlabs ({@link org.hakmem.box.superslab.SuperSlabSource}), the
 * address registry ({@link org.hakmem.box.superslab.RadixRegistry}), and large blocks mapped
 * directly ({@link org.hakmem.box.superslab.LargeBlocks}).
 *
 * <p>Useful on its own with box-api: an aligned native-region provider with an O(1) address map.
 * It calls native code; run with {@code --enable-native-access=org.hakmem.box.superslab}.
 */
module org.hakmem.box.superslab {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;
    // JFR events for SuperSlabs mapped and unmapped.
    requires jdk.jfr;

    exports org.hakmem.box.superslab;
}
