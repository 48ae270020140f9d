package org.hakmem.bench.subject;

/**
 * The C allocators as subjects. Each is its own small class so that every call site sees one
 * receiver and one constant method handle.
 */
final class NativeSubjects {

    private NativeSubjects() {}

    /**
     * Wraps a checked downcall failure. A library that cannot be loaded (its holder class fails
     * to initialise on the first call) is rethrown as it is, so that {@link Subjects#create}
     * reports the subject as unavailable here instead of failing the run; anything else is a bug
     * in the benchmark, never expected.
     */
    static RuntimeException failed(Throwable t) {
        if (t instanceof ExceptionInInitializerError || t instanceof NoClassDefFoundError) {
            throw (Error) t;
        }
        return new IllegalStateException("downcall failed", t);
    }

    /** glibc malloc/free through a plain FFM downcall. */
    static final class Glibc extends Subject {
        @Override
        public String name() {
            return "glibc";
        }

        @Override
        public long malloc(long size) {
            try {
                return (long) NativeMallocs.Glibc.MALLOC_PLAIN.invokeExact(size);
            } catch (Throwable t) {
                throw failed(t);
            }
        }

        @Override
        public void free(long handle) {
            try {
                NativeMallocs.Glibc.FREE_PLAIN.invokeExact(handle);
            } catch (Throwable t) {
                throw failed(t);
            }
        }
    }

    /** glibc malloc/free through a critical downcall (no thread-state transition). */
    static final class GlibcCritical extends Subject {
        @Override
        public String name() {
            return "glibc-critical";
        }

        @Override
        public long malloc(long size) {
            try {
                return (long) NativeMallocs.Glibc.MALLOC_CRITICAL.invokeExact(size);
            } catch (Throwable t) {
                throw failed(t);
            }
        }

        @Override
        public void free(long handle) {
            try {
                NativeMallocs.Glibc.FREE_CRITICAL.invokeExact(handle);
            } catch (Throwable t) {
                throw failed(t);
            }
        }
    }

    /** jemalloc through a critical downcall. */
    static final class Jemalloc extends Subject {
        @Override
        public String name() {
            return "jemalloc-critical";
        }

        @Override
        public long malloc(long size) {
            try {
                return (long) NativeMallocs.Jemalloc.MALLOC_CRITICAL.invokeExact(size);
            } catch (Throwable t) {
                throw failed(t);
            }
        }

        @Override
        public void free(long handle) {
            try {
                NativeMallocs.Jemalloc.FREE_CRITICAL.invokeExact(handle);
            } catch (Throwable t) {
                throw failed(t);
            }
        }
    }

    /** mimalloc through a critical downcall. */
    static final class Mimalloc extends Subject {
        @Override
        public String name() {
            return "mimalloc-critical";
        }

        @Override
        public long malloc(long size) {
            try {
                return (long) NativeMallocs.Mimalloc.MALLOC_CRITICAL.invokeExact(size);
            } catch (Throwable t) {
                throw failed(t);
            }
        }

        @Override
        public void free(long handle) {
            try {
                NativeMallocs.Mimalloc.FREE_CRITICAL.invokeExact(handle);
            } catch (Throwable t) {
                throw failed(t);
            }
        }
    }
}
