package org.hakmem.box.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The per-thread heaps of one box: each thread's heap made on first use, and heaps of threads
 * that have ended given back ("reaped") so nothing stays stranded in a dead thread's cache.
 *
 * <pre>
 *   get() ─► ThreadLocal ─► miss: the thread's heap from the map (its ThreadLocals were cleared,
 *                               as the common ForkJoinPool does between tasks), or
 *                               reap(a few) ─► make heap ─► remember it
 *   reap(n): take n remembered heaps; owner alive ─► keep; owner ended ─► onDeath(heap)
 *   reapAll(): the same for every remembered heap (trim, tests)
 * </pre>
 * The JDK has no thread-exit hook, so dead threads are found lazily: a few heaps are examined
 * whenever a heap is made (amortised O(1) per new thread, so 10,000 short-lived threads,
 * virtual ones included, leave a bounded number behind) and all of them on {@link #reapAll()}.
 * {@code Thread.isAlive()} returning false orders the dead thread's writes before the reaper's
 * reads (JLS 17.4.4), so {@code onDeath} may read the heap's thread-confined state.
 *
 * <p>Thread-safety: any thread.
 *
 * @param <H> the heap type
 */
public final class PerThread<H extends BlockHeap> {

    /** Heaps examined for a dead owner each time a heap is made. */
    private static final int REAP_PER_NEW_HEAP = 4;

    private final Function<Thread, H> factory;
    private final Consumer<H> onDeath;
    /** Per instance on purpose: several allocators (an A/B run, a test) each have their own heaps. */
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<H> local = new ThreadLocal<>();
    /** One heap per live thread, whatever happens to its ThreadLocals. */
    private final Map<Thread, H> byThread = new ConcurrentHashMap<>();
    /** The same heaps in the order reaping examines them. */
    private final ConcurrentLinkedQueue<H> heaps = new ConcurrentLinkedQueue<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong reaped = new AtomicLong();
    private final AtomicLong reapFailures = new AtomicLong();
    private volatile RuntimeException firstReapFailure;

    /**
     * @param factory makes the heap of a thread (called on that thread)
     * @param onDeath gives a dead thread's heap back (called once per heap, on a reaping thread)
     */
    public PerThread(Function<Thread, H> factory, Consumer<H> onDeath) {
        this.factory = factory;
        this.onDeath = onDeath;
    }

    /** The calling thread's heap. */
    public H get() {
        H h = local.get();
        return h != null ? h : getSlow();
    }

    /** The calling thread's heap if it has one, else null (never makes one). */
    public H current() {
        H h = local.get();
        return h != null ? h : byThread.get(Thread.currentThread());
    }

    /** No heap in the ThreadLocal: find this thread's heap or make one (the rare path). */
    private H getSlow() {
        Thread t = Thread.currentThread();
        H h = byThread.get(t);
        if (h == null) {
            reap(REAP_PER_NEW_HEAP);
            h = factory.apply(t);
            byThread.put(t, h);
            heaps.add(h);
            created.incrementAndGet();
        }
        local.set(h);
        return h;
    }

    /** Reaps every heap whose thread has ended. */
    public void reapAll() {
        reap(heaps.size());
    }

    private void reap(int budget) {
        for (int i = 0; i < budget; i++) {
            H h = heaps.poll();
            if (h == null) {
                return;
            }
            if (h.owner().isAlive()) {
                heaps.add(h);
            } else {
                byThread.remove(h.owner());
                try {
                    onDeath.accept(h);
                    reaped.incrementAndGet();
                } catch (RuntimeException e) {
                    // A heap that cannot be given back (its state is corrupt) must not fail an
                    // unrelated thread's malloc; it is counted, and checkInvariants() reports it.
                    reapFailures.incrementAndGet();
                    if (firstReapFailure == null) {
                        firstReapFailure = e;
                    }
                }
            }
        }
    }

    /** The heaps not yet reaped (a snapshot). */
    public List<H> heaps() {
        return new ArrayList<>(heaps);
    }

    /** Heaps not yet reaped. */
    public int count() {
        return heaps.size();
    }

    /** Heaps made so far. */
    public long created() {
        return created.get();
    }

    /** Heaps reaped so far. */
    public long reaped() {
        return reaped.get();
    }

    /** Throws {@link IllegalStateException}, with the first cause, when a dead thread's heap could not be given back. */
    public void checkInvariants() {
        RuntimeException e = firstReapFailure;
        if (e != null) {
            throw new IllegalStateException(reapFailures.get() + " dead thread heap(s) could not be given back", e);
        }
        if (byThread.size() != heaps.size()) {
            throw new IllegalStateException("per-thread: " + byThread.size() + " threads but " + heaps.size() + " heaps");
        }
    }
}
