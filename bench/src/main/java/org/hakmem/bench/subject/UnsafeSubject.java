package org.hakmem.bench.subject;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * {@code Unsafe.allocateMemory}/{@code freeMemory}, as a Java user calls them today. Reached
 * through method handles bound to the instance ({@code static final}, so the JIT calls the
 * intrinsics directly) rather than a compile-time reference, which javac would flag with a
 * warning that cannot be suppressed. JDK 25 needs {@code --sun-misc-unsafe-memory-access=allow}.
 */
final class UnsafeSubject extends Subject {

    private static final MethodHandle ALLOCATE;
    private static final MethodHandle FREE;

    static {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            ALLOCATE = l.findVirtual(unsafeClass, "allocateMemory", MethodType.methodType(long.class, long.class)).bindTo(unsafe);
            FREE = l.findVirtual(unsafeClass, "freeMemory", MethodType.methodType(void.class, long.class)).bindTo(unsafe);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String name() {
        return "unsafe";
    }

    @Override
    public long malloc(long size) {
        try {
            return (long) ALLOCATE.invokeExact(size);
        } catch (Throwable t) {
            throw NativeSubjects.failed(t);
        }
    }

    @Override
    public void free(long handle) {
        try {
            FREE.invokeExact(handle);
        } catch (Throwable t) {
            throw NativeSubjects.failed(t);
        }
    }
}
