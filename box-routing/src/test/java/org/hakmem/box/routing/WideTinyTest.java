package org.hakmem.box.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.api.config.ConfigException;
import org.hakmem.box.api.config.HakmemOption;
import org.junit.jupiter.api.Test;

/** {@code hakmem.tiny.wide}: Tiny serves every size to 32 KiB + 64 B, Mid only aligned requests above 2 KiB. */
class WideTinyTest {

    private static Hakmem wide(Object... more) {
        Object[] base = {HakmemOption.TINY_WIDE, 1, HakmemOption.SLAB_SIZE, "4m", HakmemOption.SUPERSLAB_SIZE, "8m"};
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return HakmemTest.create(all);
    }

    @Test
    void tinyServesEverySizeToItsLargestClassAndLargeTheRest() {
        Hakmem hk = wide();
        assertEquals("tiny-front", hk.boxFor(1));
        assertEquals("tiny-front", hk.boxFor(1024));
        assertEquals("tiny-front", hk.boxFor(Hakmem.MID_MAX));
        assertEquals("tiny-front", hk.boxFor(32832));
        assertEquals("large", hk.boxFor(32833));
        for (long size = 0; size <= 65536; size++) {
            long p = hk.malloc(size);
            assertTrue(hk.usableSize(p) >= size, "size " + size);
            // Powers of two to 2 KiB keep their natural alignment, larger blocks 64 B (a cache line).
            long align = Long.bitCount(size) == 1 && size <= 2048 ? Math.max(size, 16) : size > 2048 ? 64 : 16;
            assertEquals(0, p % align, "size " + size);
            NativeMemory.putByte(p + Math.max(size, 1) - 1, (byte) 1);
            hk.free(p);
        }
        assertEquals(0, hk.stats().box("pool-tls").counter("pagesTaken"), "Mid served nothing");
        hk.checkInvariants();
    }

    @Test
    void alignedRequestsAboveTwoKiBComeFromMidAndEveryAlignmentHolds() {
        Hakmem hk = wide();
        long small = hk.mallocAligned(2048, 2048);
        assertEquals(0, hk.stats().box("pool-tls").counter("pagesTaken"), "2 KiB aligned: Tiny's own class");
        long big = hk.mallocAligned(4096, 4096);
        assertEquals(0, big % 4096);
        assertEquals(1, hk.stats().box("pool-tls").counter("pagesTaken"), "Tiny's 4 KiB class is coloured: Mid's aligned one");
        hk.free(small);
        hk.free(big);
        for (long align = 16; align <= 1 << 16; align <<= 1) {
            // Just above Mid's aligned classes, within Tiny's largest (unaligned) class: a large block.
            for (long size : new long[] {1, align - 1, align, 3 * align + 5, Hakmem.MID_MAX + 1, 32832}) {
                long p = hk.mallocAligned(size, align);
                assertEquals(0, p % align, "size " + size + " aligned to " + align);
                assertTrue(hk.usableSize(p) >= size);
                hk.free(p);
            }
        }
        hk.checkInvariants();
    }

    @Test
    void mixedSizesFromTwoThreadsAndTheCheckedLevelWork() throws Exception {
        for (Hakmem hk : new Hakmem[] {wide(), wide(HakmemOption.CHECK_LEVEL, "checked")}) {
            long[] slot = new long[512];
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 20_000; i++) {
                int k = rnd.nextInt(slot.length);
                hk.free(slot[k]);
                slot[k] = hk.malloc(16L << rnd.nextInt(12) | rnd.nextInt(16) << 4);
            }
            // Another thread frees half of them: Tiny's remote path, its block test by multiply.
            Thread t = new Thread(() -> {
                for (int k = 0; k < slot.length; k += 2) {
                    hk.free(slot[k]);
                    slot[k] = 0;
                }
            });
            t.start();
            t.join();
            long r = hk.realloc(hk.malloc(100), 40_000);
            r = hk.realloc(r, 5000);
            hk.free(r);
            for (long p : slot) {
                hk.free(p);
            }
            hk.checkInvariants();
        }
    }

    @Test
    void aWideTinyNeedsSmallMidOffAndSlabsForItsLargestClass() {
        ConfigException e = assertThrows(ConfigException.class, () -> wide(HakmemOption.SMALLMID_ENABLE, 1));
        assertTrue(e.getMessage().contains("hakmem.tiny.wide") && e.getMessage().contains("hakmem.smallmid.enable"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> HakmemTest.create(HakmemOption.TINY_WIDE, 1, HakmemOption.SLAB_SIZE, "64k"));
        assertTrue(e.getMessage().contains("hakmem.slab.size") && e.getMessage().contains("128k"), e.getMessage());
    }
}
