package org.hakmem.box.superslab;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The OS's virtual memory calls, through FFM downcalls: {@code mmap} (anonymous, private, read
 * and write), {@code munmap}, {@code madvise(MADV_DONTNEED)}, and {@code mincore} to count
 * resident pages. Linux x86-64 and aarch64 constants.
 *
 * <p>These are the rare path of the allocator (a SuperSlab is 4 MiB by default), so they capture
 * {@code errno} for a useful message rather than chasing nanoseconds.
 */
final class OsMemory {

    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final long MAP_FAILED = -1L;
    private static final int ENOMEM = 12;

    /** The page size every mapping is a multiple of. */
    static final long PAGE = 4096;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MINCORE;

    static {
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MMAP = linker.downcallHandle(linker.defaultLookup().findOrThrow("mmap"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                errno);
        MUNMAP = linker.downcallHandle(linker.defaultLookup().findOrThrow("munmap"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), errno);
        MADVISE = linker.downcallHandle(linker.defaultLookup().findOrThrow("madvise"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT), errno);
        MINCORE = linker.downcallHandle(linker.defaultLookup().findOrThrow("mincore"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS), errno);
    }

    private OsMemory() {}

    /**
     * Maps {@code size} bytes of zeroed memory.
     *
     * @throws OutOfMemoryError naming the size and errno when the OS refuses
     */
    static long map(long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            long p = (long) MMAP.invokeExact(state, 0L, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (p == MAP_FAILED) {
                throw new OutOfMemoryError("hakmem: mmap of " + size + " bytes failed, errno " + (int) ERRNO.get(state, 0L));
            }
            return p;
        } catch (OutOfMemoryError | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
    }

    /** Unmaps {@code [address, address + size)}; a failure means hakmem's bookkeeping is wrong. */
    static void unmap(long address, long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            int r = (int) MUNMAP.invokeExact(state, address, size);
            if (r != 0) {
                throw new IllegalStateException("hakmem: munmap(0x" + Long.toHexString(address) + ", " + size
                        + ") failed, errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap downcall failed", t);
        }
    }

    /** Drops the pages of {@code [address, address + size)}; they read as zeros afterwards. */
    static void purge(long address, long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            int r = (int) MADVISE.invokeExact(state, address, size, MADV_DONTNEED);
            if (r != 0) {
                throw new IllegalStateException("hakmem: madvise(0x" + Long.toHexString(address) + ", " + size
                        + ", MADV_DONTNEED) failed, errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("madvise downcall failed", t);
        }
    }

    /**
     * Bytes of {@code [address, address + size)} resident in RAM now, by {@code mincore}. A range
     * that is no longer mapped (freed while a report was being made) counts as 0.
     */
    static long residentBytes(long address, long size) {
        long pages = (size + PAGE - 1) / PAGE;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CALL_STATE);
            MemorySegment vec = a.allocate(pages);
            int r = (int) MINCORE.invokeExact(state, address, size, vec);
            if (r != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == ENOMEM) {
                    return 0;
                }
                throw new IllegalStateException("hakmem: mincore(0x" + Long.toHexString(address) + ", " + size
                        + ") failed, errno " + errno);
            }
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident * PAGE;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mincore downcall failed", t);
        }
    }
}
