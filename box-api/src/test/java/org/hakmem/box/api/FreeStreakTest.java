package org.hakmem.box.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FreeStreakTest {

    private static final long NONE = Long.MIN_VALUE;

    private static long after(long... spans) {
        long h = 0x1234_5678_9abc_def0L;
        for (long s : spans) {
            h = FreeStreak.push(h, s);
        }
        return h;
    }

    @Test
    void armsOnlyAfterFourFreesToOneSpan() {
        assertEquals(NONE, FreeStreak.armed(after(7, 7, 7), 0x70000, NONE), "three");
        assertEquals(0x70000, FreeStreak.armed(after(7, 7, 7, 7), 0x70000, NONE), "four");
        assertEquals(0x70000, FreeStreak.armed(after(3, 7, 7, 7, 7), 0x70000, NONE), "four after another");
        assertEquals(NONE, FreeStreak.armed(after(7, 7, 7, 7, 9), 0x90000, NONE), "one elsewhere disarms");
        assertEquals(NONE, FreeStreak.armed(after(7, 7, 9, 7), 0x70000, NONE), "interleaved");
    }

    @Test
    void onlyTheLow16BitsOfASpanCount() {
        assertEquals(0x5_0007L << 16, FreeStreak.armed(after(7, 0x1_0007, 0x2_0007, 0x5_0007), 0x5_0007L << 16, NONE),
                "spans sharing their low bits arm, to the newest span's base the caller passes");
        assertEquals(NONE, FreeStreak.armed(after(0x7, 0x7, 0x7, 0x8), 0x80000, NONE));
    }
}
