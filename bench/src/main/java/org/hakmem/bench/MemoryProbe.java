package org.hakmem.bench;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hakmem.bench.subject.Subject;
import org.hakmem.bench.subject.Subjects;
import org.hakmem.bench.workload.Xorshift;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.routing.Hakmem;

/**
 * The memory workload, run in a JVM of its own per subject (so allocators never share a
 * process): mixed-wide sizes over {@value #SLOTS} slots; resident set size (from /proc) is read
 * at peak, at steady state, after every block is freed, and after the allocator's trim; for
 * hakmem also the resident bytes of its own mappings ({@link Hakmem#residentBytes()}) at the last
 * three points. Prints one line
 * {@code MEMORY subject live peak steady freed trimmed ownSteady ownFreed ownTrimmed} in bytes
 * (RSS figures are deltas from the process's RSS before the first malloc; own figures -1 where
 * the allocator cannot say).
 */
public final class MemoryProbe {

    static final int SLOTS = 16_384;
    private static final int STEPS = 400_000;

    private MemoryProbe() {}

    /** Runs the probe for the subject named in {@code args[0]}. */
    public static void main(String[] args) throws Throwable {
        String name = args[0];
        Hakmem hk = name.startsWith("hakmem") ? Hakmem.create(HakmemConfig.fromEnvironment()) : null;
        Subject s = hk != null ? Subjects.heapOf(hk) : Subjects.create(name, false);
        long[] slot = new long[SLOTS];
        long[] size = new long[SLOTS];
        long base = rss();
        long x = Xorshift.SEED;
        long peak = 0;
        long live = 0;
        for (int step = 0; step < STEPS; step++) {
            x = Xorshift.next(x);
            int i = (int) Long.remainderUnsigned(x, SLOTS);
            x = Xorshift.next(x);
            int e = 4 + (int) Long.remainderUnsigned(x, 11);
            x = Xorshift.next(x);
            long n = (1L << e) + Long.remainderUnsigned(x, (1L << e) + 1);
            if (slot[i] != 0) {
                s.free(slot[i]);
                live -= size[i];
            }
            slot[i] = s.malloc(n);
            touchAll(slot[i], n);
            size[i] = n;
            live += n;
            if ((step & 4095) == 0) {
                peak = Math.max(peak, rss() - base);
            }
        }
        long steady = rss() - base;
        long ownSteady = own(hk);
        peak = Math.max(peak, steady);
        for (int i = 0; i < SLOTS; i++) {
            s.free(slot[i]);
        }
        long freed = rss() - base;
        long ownFreed = own(hk);
        trim(name, hk);
        long trimmed = rss() - base;
        long ownTrimmed = own(hk);
        System.out.println("MEMORY " + name + " " + live + " " + peak + " " + steady + " " + freed + " " + trimmed + " "
                + ownSteady + " " + ownFreed + " " + ownTrimmed);
    }

    private static long own(Hakmem hk) {
        return hk == null ? -1 : hk.residentBytes();
    }

    /** Writes every page of the block, so resident memory reflects what a user touching it would see. */
    private static void touchAll(long p, long n) {
        long a = p;
        for (long off = 0; off < n; off += 4096) {
            NativeMemory.putByte(a + off, (byte) 1);
        }
        NativeMemory.putByte(a + n - 1, (byte) 1);
    }

    /** Each allocator's own way to give memory back: hakmem's trim, glibc's malloc_trim(0); the others have none exposed here. */
    private static void trim(String name, Hakmem hk) throws Throwable {
        if (hk != null) {
            hk.trim();
        } else if (name.startsWith("glibc")) {
            Linker l = Linker.nativeLinker();
            MethodHandle t = l.downcallHandle(l.defaultLookup().findOrThrow("malloc_trim"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            int _ = (int) t.invokeExact(0L);
        }
    }

    private static long rss() throws IOException {
        String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+", -1);
        return Long.parseLong(f[1]) * 4096;
    }
}
