package org.hakmem.bench.subject;

import java.util.List;
import java.util.stream.Stream;
import org.hakmem.box.api.config.HakmemConfig;
import org.hakmem.box.routing.Hakmem;

/** Every subject by name, and whether it can run on this machine. */
public final class Subjects {

    /** All subjects, in report order. */
    public static final List<String> ALL = List.of("hakmem-heap", "hakmem", "glibc", "glibc-critical", "jemalloc-critical",
            "mimalloc-critical", "unsafe", "netty-pooled", "netty-adaptive", "arena", "floor", "floor-lookup",
            "floor-split", "floor-tl");

    /** Experiment subjects, made by name but left out of the default report. */
    public static final List<String> EXTRA = List.of("mid-only", "tiny-only", "floor-cached");

    /** Every name {@link #create} takes: {@link #ALL}, then {@link #EXTRA}. */
    public static final List<String> KNOWN = Stream.concat(ALL.stream(), EXTRA.stream()).toList();

    private Subjects() {}

    /**
     * A new subject.
     *
     * @param name         one of {@link #KNOWN}
     * @param crossThreads true when blocks will be freed by another thread (Arena then uses shared arenas)
     * @throws IllegalArgumentException for an unknown name
     * @throws UnsupportedOperationException naming the reason when the subject cannot run here (a library missing)
     */
    public static Subject create(String name, boolean crossThreads) {
        try {
            return switch (name) {
                case "hakmem-heap" -> new HakmemSubjects.Heap(Hakmem.create(HakmemConfig.fromEnvironment()));
                case "hakmem" -> new HakmemSubjects.Convenience(Hakmem.create(HakmemConfig.fromEnvironment()));
                case "glibc" -> new NativeSubjects.Glibc();
                case "glibc-critical" -> new NativeSubjects.GlibcCritical();
                case "jemalloc-critical" -> probe(new NativeSubjects.Jemalloc());
                case "mimalloc-critical" -> probe(new NativeSubjects.Mimalloc());
                case "unsafe" -> new UnsafeSubject();
                case "netty-pooled" -> new NettySubject(false);
                case "netty-adaptive" -> new NettySubject(true);
                case "arena" -> new ArenaSubject(crossThreads);
                case "floor" -> new FloorSubject();
                case "floor-lookup" -> new LookupFloorSubject();
                case "floor-split" -> new SplitFloorSubject();
                case "floor-tl" -> new ThreadLocalFloorSubject();
                case "floor-cached" -> new CachedFloorSubject();
                case "mid-only" -> OneBoxSubject.mid();
                case "tiny-only" -> OneBoxSubject.tiny();
                default -> throw new IllegalArgumentException("unknown subject '" + name + "'; known: " + KNOWN);
            };
        } catch (ExceptionInInitializerError | NoClassDefFoundError | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("unknown subject")) {
                throw iae;
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UnsupportedOperationException(name + " is not available here: " + cause.getMessage()
                    + hint(name), e);
        }
    }

    /** The heap-handle subject over a given allocator (for runs that compare configurations in one JVM). */
    public static Subject heapOf(Hakmem hakmem) {
        return new HakmemSubjects.Heap(hakmem);
    }

    /** Why {@code name} cannot run here, or null when it can. */
    public static String unavailable(String name) {
        try {
            create(name, false).close();
            return null;
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        }
    }

    /** One malloc and free, so a library that loads but does not work is found before a run. */
    private static Subject probe(Subject s) {
        s.free(s.malloc(16));
        return s;
    }

    private static String hint(String name) {
        return switch (name) {
            case "jemalloc-critical" -> " (install Debian's libjemalloc2; the JVM needs GLIBC_TUNABLES=glibc.rtld.optional_static_tls=16384)";
            case "mimalloc-critical" -> " (install Debian's libmimalloc2.0)";
            default -> "";
        };
    }
}
