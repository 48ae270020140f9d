package org.hakmem.bench.subject;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * C allocators through FFM downcalls: glibc (plain and {@code critical}), jemalloc and mimalloc
 * ({@code critical}). Each library has its own holder class with {@code static final} handles,
 * which the JIT folds into direct calls; a missing library fails only its own holder.
 */
final class NativeMallocs {

    private NativeMallocs() {}

    private static final FunctionDescriptor MALLOC = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final FunctionDescriptor FREE = FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG);

    static MethodHandle handle(SymbolLookup lib, String symbol, FunctionDescriptor d, boolean critical) {
        Linker linker = Linker.nativeLinker();
        return critical
                ? linker.downcallHandle(lib.findOrThrow(symbol), d, Linker.Option.critical(false))
                : linker.downcallHandle(lib.findOrThrow(symbol), d);
    }

    /** glibc, from the JVM's own default lookup. */
    static final class Glibc {
        static final MethodHandle MALLOC_PLAIN = handle(Linker.nativeLinker().defaultLookup(), "malloc", MALLOC, false);
        static final MethodHandle FREE_PLAIN = handle(Linker.nativeLinker().defaultLookup(), "free", FREE, false);
        static final MethodHandle MALLOC_CRITICAL = handle(Linker.nativeLinker().defaultLookup(), "malloc", MALLOC, true);
        static final MethodHandle FREE_CRITICAL = handle(Linker.nativeLinker().defaultLookup(), "free", FREE, true);

        private Glibc() {}
    }

    /** jemalloc from Debian's libjemalloc2 (needs GLIBC_TUNABLES=glibc.rtld.optional_static_tls=16384 to load). */
    static final class Jemalloc {
        static final SymbolLookup LIB = SymbolLookup.libraryLookup("libjemalloc.so.2", Arena.global());
        static final MethodHandle MALLOC_CRITICAL = handle(LIB, "malloc", MALLOC, true);
        static final MethodHandle FREE_CRITICAL = handle(LIB, "free", FREE, true);

        private Jemalloc() {}
    }

    /** mimalloc from Debian's libmimalloc2.0 ({@code mi_malloc}/{@code mi_free}). */
    static final class Mimalloc {
        static final SymbolLookup LIB = SymbolLookup.libraryLookup("libmimalloc.so.2", Arena.global());
        static final MethodHandle MALLOC_CRITICAL = handle(LIB, "mi_malloc", MALLOC, true);
        static final MethodHandle FREE_CRITICAL = handle(LIB, "mi_free", FREE, true);

        private Mimalloc() {}
    }
}
