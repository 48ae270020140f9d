package org.hakmem.box.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Raw reads and writes land where a JDK segment over the same memory sees them. */
class NativeMemoryTest {

    @Test
    void readsAndWritesByAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64, 16);
            long a = s.address();
            NativeMemory.putLong(a + 8, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, s.get(ValueLayout.JAVA_LONG, 8));
            NativeMemory.putByte(a + 63, (byte) 7);
            assertEquals(7, s.get(ValueLayout.JAVA_BYTE, 63));
            NativeMemory.fill(a, 64, (byte) 0x5A);
            assertTrue(NativeMemory.allEqual(a, 64, (byte) 0x5A));
            NativeMemory.putByte(a + 61, (byte) 0);
            assertFalse(NativeMemory.allEqual(a, 64, (byte) 0x5A));
            NativeMemory.copy(a, a + 1, 8);
            assertEquals(0x5A, NativeMemory.getByte(a + 8));
            assertEquals(a, NativeMemory.segment(a, 64).address());
            assertEquals(64, NativeMemory.segment(a, 64).byteSize());
        }
    }
}
