/**
 * box-tls-sll: per-thread free lists per size class, two implementations behind box-api's
 * {@code FreeList} contract: the seed's intrusive singly-linked list
 * ({@link org.hakmem.box.tlssll.IntrusiveFreeList}, the link lives in the free block) and an
 * on-heap magazine ({@link org.hakmem.box.tlssll.MagazineFreeList}, no pointer ever lives in user
 * memory). {@link org.hakmem.box.tlssll.FreeLists} names them for experiments.
 *
 * <p>Useful on its own with box-api: free lists over any block source.
 */
module org.hakmem.box.tlssll {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;

    exports org.hakmem.box.tlssll;
}
