package org.hakmem.box.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.HakmemOption;
import org.junit.jupiter.api.Test;

/** Alignment: what {@code malloc} promises, and {@code mallocAligned} for any power of two. */
class AlignmentTest {

    @Test
    void anyPowerOfTwoAlignmentIsHonoured() {
        Hakmem hk = HakmemTest.create();
        for (long align = 1; align <= 1 << 22; align <<= 1) {
            for (long size : new long[] {0, 1, 24, 1000, 5000, 40000}) {
                long p = hk.mallocAligned(size, align);
                assertEquals(0, p % align, "size " + size + " align " + align);
                assertTrue(hk.usableSize(p) >= size);
                hk.free(p);
            }
        }
        for (long bad : new long[] {0, -8, 3, 24}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hk.mallocAligned(8, bad));
            assertTrue(e.getMessage().contains("power of two"));
        }
        hk.checkInvariants();
    }

    @Test
    void alignedRequestsBetweenAShortTinyAndMidAreServedAtBothLevels() {
        for (String level : new String[] {"default", "checked"}) {
            // Tiny up to 255 B and Small-Mid off: 256 and 512 fall to Mid, below its first class.
            Hakmem hk = HakmemTest.create(HakmemOption.TINY_MAX_CLASS, 5, HakmemOption.SMALLMID_ENABLE, 0,
                    HakmemOption.CHECK_LEVEL, level);
            for (long align = 16; align <= 4096; align <<= 1) {
                for (long size : new long[] {1, 200, 256, 300, 512, 600}) {
                    long p = hk.mallocAligned(size, align);
                    assertEquals(0, p % align, level + ": size " + size + " align " + align);
                    assertTrue(hk.usableSize(p) >= size);
                    hk.free(p);
                }
            }
            for (long size = 16; size <= 2048; size <<= 1) {
                long p = hk.malloc(size);
                assertEquals(0, p % size, level + ": malloc(" + size + ") is naturally aligned");
                hk.free(p);
            }
            hk.checkInvariants();
        }
    }

    @Test
    void mallocAlignsPowersOfTwoNaturallyUpTo2KiBAndTo64AboveWhileAlignedRequestsStayNatural() {
        for (int smallMid = 0; smallMid <= 1; smallMid++) {
            Hakmem hk = HakmemTest.create(HakmemOption.SMALLMID_ENABLE, smallMid);
            for (long size = 16; size <= Hakmem.MID_MAX; size <<= 1) {
                long[] plain = new long[8];
                long[] aligned = new long[8];
                for (int i = 0; i < plain.length; i++) {
                    plain[i] = hk.malloc(size);
                    aligned[i] = hk.mallocAligned(size, size);
                    assertEquals(0, plain[i] % (size <= 2048 ? size : 64), "malloc(" + size + ")");
                    assertEquals(0, aligned[i] % size, "mallocAligned(" + size + ", " + size + ")");
                    assertEquals(size, hk.usableSize(aligned[i]), "an aligned block of " + size + " is exactly its class");
                    NativeMemory.fill(plain[i], hk.usableSize(plain[i]), (byte) 0x11);
                    NativeMemory.fill(aligned[i], size, (byte) 0x22);
                }
                for (int i = 0; i < plain.length; i++) {
                    assertTrue(NativeMemory.allEqual(plain[i], hk.usableSize(plain[i]), (byte) 0x11), "no overlap at " + size);
                    hk.free(plain[i]);
                    hk.free(aligned[i]);
                }
            }
            hk.checkInvariants();
        }
    }
}
