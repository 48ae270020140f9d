/**
 * The box contracts of hakmem: one interface per box role, the shared value types, the
 * configuration record, and {@link org.hakmem.box.api.NativeMemory}, the one place that reads and
 * writes native memory by address.
 *
 * <p>This module depends on the JDK only. Every box module {@code requires} it and nothing else
 * of hakmem (Contract D); {@code org.hakmem.box.routing} is the one module that wires boxes together.
 *
 * <p>It calls restricted FFM methods ({@code MemorySegment.reinterpret}); run with
 * {@code --enable-native-access=org.hakmem.box.api} to silence the JDK's warning.
 */
module org.hakmem.box.api {
    exports org.hakmem.box.api;
    exports org.hakmem.box.api.config;
    exports org.hakmem.box.api.reference;
}
