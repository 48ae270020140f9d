package org.hakmem.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.hakmem.bench.subject.Subject;

/**
 * Long-lived worker threads for the multi-thread workloads, each with its own view of the
 * subject made once on that thread: a measured run must not pay for thread starts, nor for fresh
 * per-thread caches (a new hakmem heap, a new floor stack) every invocation.
 *
 * <p>A run submits exactly one task per worker; the tasks wait on each other (exchanger, ring),
 * so each worker runs exactly one of them.
 */
final class Workers implements AutoCloseable {

    /** A task run on a worker, given that worker's view. */
    interface Task {
        void run(Subject view) throws Exception;
    }

    private final ExecutorService pool;
    private final ThreadLocal<Subject> view;

    Workers(Subject subject, int threads, String name) {
        ThreadFactory f = r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, f);
        this.view = ThreadLocal.withInitial(subject::forThread);
    }

    /** Runs the tasks, one per worker, and waits for all; the first failure is rethrown. */
    void runAll(List<Task> tasks) throws InterruptedException {
        List<Future<?>> fs = new ArrayList<>();
        for (Task t : tasks) {
            fs.add(pool.submit(() -> {
                t.run(view.get());
                return null;
            }));
        }
        Throwable failure = null;
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("a worker failed", failure);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
