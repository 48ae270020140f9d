package org.hakmem.bench;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a report records about where it was measured: machine, OS, JDK and the versions compared. */
final class MachineInfo {

    private MachineInfo() {}

    /** Label → value, in report order. */
    static Map<String, String> collect() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", firstLine(Path.of("/proc/cpuinfo"), "model name"));
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memory", firstLine(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("OS", firstLine(Path.of("/etc/os-release"), "PRETTY_NAME") + ", kernel " + System.getProperty("os.version"));
        m.put("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        String hakmem = MachineInfo.class.getPackage().getImplementationVersion();
        m.put("hakmem", hakmem != null ? hakmem : "development build");
        m.put("glibc", glibcVersion());
        m.put("jemalloc", packageVersion("libjemalloc2"));
        m.put("mimalloc", packageVersion("libmimalloc2.0"));
        m.put("Netty", nettyVersion());
        m.put("JMH", "1.37");
        return m;
    }

    private static String firstLine(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    String v = line.substring(line.indexOf(line.contains(":") ? ':' : '=') + 1).trim();
                    return v.replace("\"", "");
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static String glibcVersion() {
        try {
            Linker l = Linker.nativeLinker();
            MethodHandle h = l.downcallHandle(l.defaultLookup().findOrThrow("gnu_get_libc_version"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MemorySegment s = (MemorySegment) h.invokeExact();
            return s.reinterpret(64).getString(0);
        } catch (Throwable t) {
            return "unknown";
        }
    }

    private static String packageVersion(String pkg) {
        try {
            Process p = new ProcessBuilder(List.of("dpkg-query", "-W", "-f=${Version}", pkg)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                return "not installed";
            }
            return out + " (Debian " + pkg + ")";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String nettyVersion() {
        io.netty.util.Version v = io.netty.util.Version.identify().get("netty-buffer");
        return v == null ? "unknown" : v.artifactVersion();
    }
}
