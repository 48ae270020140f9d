package org.hakmem.box.api;

/**
 * Makes {@link FreeList}s of one implementation. Role: box-tls-sll. Also the name under which
 * an implementation is chosen for an experiment (for example {@code HAKMEM_TINY_TLS_SLL}).
 *
 * <p>Thread-safety: {@link #create} may be called from any thread; each list it makes is then
 * confined to one thread.
 */
public interface FreeListFactory {

    /** The implementation's name, e.g. {@code "intrusive"} or {@code "magazine"}. */
    String name();

    /**
     * A new empty list.
     *
     * @param blockSize size of the blocks it will hold, {@code >= 8}
     * @param capacity  most blocks it holds, {@code >= 1}
     * @throws IllegalArgumentException for a size or capacity out of range
     */
    FreeList create(int blockSize, int capacity);
}
