package org.hakmem.bench.subject;

import org.hakmem.box.routing.Hakmem;
import org.hakmem.box.routing.HakmemHeap;

/** hakmem as a subject: through the per-thread heap handle, and through the convenience API. */
final class HakmemSubjects {

    private HakmemSubjects() {}

    /** The heap handle a hot loop holds: no ThreadLocal lookup per call. */
    static final class Heap extends Subject {
        private final Hakmem hakmem;
        private final HakmemHeap heap;

        Heap(Hakmem hakmem) {
            this.hakmem = hakmem;
            this.heap = hakmem.heap();
        }

        @Override
        public String name() {
            return "hakmem-heap";
        }

        @Override
        public long malloc(long size) {
            return heap.malloc(size);
        }

        @Override
        public void free(long handle) {
            heap.free(handle);
        }

        @Override
        public Subject forThread() {
            return new Heap(hakmem);
        }
    }

    /** {@code Hakmem.malloc}/{@code free}: a ThreadLocal lookup per call. */
    static final class Convenience extends Subject {
        private final Hakmem hakmem;

        Convenience(Hakmem hakmem) {
            this.hakmem = hakmem;
        }

        @Override
        public String name() {
            return "hakmem";
        }

        @Override
        public long malloc(long size) {
            return hakmem.malloc(size);
        }

        @Override
        public void free(long handle) {
            hakmem.free(handle);
        }
    }
}
