package org.hakmem.box.api;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The one place in hakmem that reads and writes native memory by raw address.
 *
 * <p>Every box that touches a block's bytes (an intrusive free-list link, a check pattern, a
 * zero fill) does it through here, so that an audit of "who writes where" reads one file.
 *
 * <p>Preconditions, as for any raw access: the address range lies in memory that the caller owns
 * and that is mapped. Nothing here checks that; a wrong address crashes the JVM. Boxes must
 * therefore only pass addresses that their own bookkeeping (on the Java heap) says they own.
 *
 * <p>Thread-safety: plain (non-volatile) accesses; publication between threads is the caller's
 * business (e.g. through a volatile or an atomic on the Java heap).
 */
public final class NativeMemory {

    /**
     * One segment spanning the whole address space. Accesses through it compile to plain loads
     * and stores: the bounds check against {@code Long.MAX_VALUE} folds away, and the unaligned
     * layouts avoid an alignment test that the allocator's own 8-byte alignment already
     * guarantees.
     */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private NativeMemory() {}

    /** Reads the 8 bytes at {@code address}. */
    public static long getLong(long address) {
        return ALL.get(ValueLayout.JAVA_LONG_UNALIGNED, address);
    }

    /** Writes the 8 bytes at {@code address}. */
    public static void putLong(long address, long value) {
        ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, address, value);
    }

    /** Reads the byte at {@code address}. */
    public static byte getByte(long address) {
        return ALL.get(ValueLayout.JAVA_BYTE, address);
    }

    /** Writes the byte at {@code address}. */
    public static void putByte(long address, byte value) {
        ALL.set(ValueLayout.JAVA_BYTE, address, value);
    }

    /** Sets {@code length} bytes from {@code address} to {@code value}. */
    public static void fill(long address, long length, byte value) {
        ALL.asSlice(address, length).fill(value);
    }

    /** Copies {@code length} bytes; the ranges may overlap. */
    public static void copy(long from, long to, long length) {
        MemorySegment.copy(ALL, from, ALL, to, length);
    }

    /**
     * Returns true when all {@code length} bytes from {@code address} equal {@code value}. Used by
     * checked mode to verify a fill pattern on reuse.
     */
    public static boolean allEqual(long address, long length, byte value) {
        long i = 0;
        long word = (value & 0xFFL) * 0x0101_0101_0101_0101L;
        for (; i + 8 <= length; i += 8) {
            if (getLong(address + i) != word) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (getByte(address + i) != value) {
                return false;
            }
        }
        return true;
    }

    /**
     * A segment of {@code size} bytes at {@code address}, global scope (never closed: the
     * allocator, not the JDK, decides the lifetime).
     */
    public static MemorySegment segment(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }
}
