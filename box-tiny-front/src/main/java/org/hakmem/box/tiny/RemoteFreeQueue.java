package org.hakmem.box.tiny;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Frees of a slab's blocks by threads other than its owner: a lock-free multi-producer,
 * single-consumer stack of Java-heap nodes (a Treiber stack). Producers CAS a node onto the top;
 * the owner takes the whole stack with one swap.
 *
 * <pre>
 *   top ─► Node(addr, next) ─► Node(addr, next) ─► null
 * </pre>
 * No link ever lives in the freed block, so a block in this queue is not also written as a
 * free-list link (the seed's worst bug: a block in a free list and a remote queue at once). It
 * never blocks and never fills (Contract A); the cost is one small Java object per remote free.
 *
 * <p>Thread-safety: {@link #push} from any thread; {@link #takeAll} by the slab's owner only.
 */
final class RemoteFreeQueue {

    /** One remotely freed block. */
    record Node(long address, Node next) {}

    private final AtomicReference<Node> top = new AtomicReference<>();

    /** Adds a freed block; lock-free. */
    void push(long address) {
        Node t;
        do {
            t = top.get();
        } while (!top.compareAndSet(t, new Node(address, t)));
    }

    /** Takes every block queued so far (newest first), or null when none. */
    Node takeAll() {
        return top.get() == null ? null : top.getAndSet(null);
    }

    /** True when blocks are waiting. */
    boolean isEmpty() {
        return top.get() == null;
    }

    /** The blocks queued now, without taking them (for invariant checks at quiescent points). */
    Node peekAll() {
        return top.get();
    }
}
