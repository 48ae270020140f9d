package org.hakmem.bench;

import java.util.HashMap;
import java.util.Map;
import org.hakmem.bench.subject.Subject;

/**
 * A subject that allocates nothing and records everything: handles are sequence numbers, every
 * free must name a live handle, every touch must be of a live handle with its own size. Shared by
 * all threads (synchronized), so it also checks the multi-thread workloads.
 */
final class RecordingSubject extends Subject {

    private final Map<Long, Long> live = new HashMap<>();
    private long next = 1;
    long mallocs;
    long frees;
    long touches;
    /** An order-sensitive hash of every malloc size. */
    long sizeHash = 17;

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public synchronized long malloc(long size) {
        if (size < 1) {
            throw new AssertionError("malloc(" + size + ")");
        }
        long h = next++;
        live.put(h, size);
        mallocs++;
        sizeHash = sizeHash * 31 + size;
        return h;
    }

    @Override
    public synchronized void touch(long handle, long size) {
        Long s = live.get(handle);
        if (s == null || s != size) {
            throw new AssertionError("touch of " + handle + " with size " + size + ", live size " + s);
        }
        touches++;
    }

    @Override
    public synchronized void free(long handle) {
        if (live.remove(handle) == null) {
            throw new AssertionError("free of " + handle + ", which is not live");
        }
        frees++;
    }

    synchronized int liveCount() {
        return live.size();
    }
}
