package org.hakmem.box.superslab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hakmem.box.api.NativeMemory;
import org.junit.jupiter.api.Test;

/** Large blocks: alignment, exact-start frees, the bounded reuse cache. */
class LargeBlocksTest {

    @Test
    void blocksAreAlignedUsableAndFreedOnlyAtTheirStart() {
        RadixRegistry reg = new RadixRegistry(21);
        MappingBudget budget = new MappingBudget(0);
        LargeBlocks large = new LargeBlocks(reg, budget, 4, 1);
        long a = large.allocate(100_000, 1 << 16);
        assertEquals(0, a % (1 << 16));
        assertEquals(102_400, large.usableSize(a), "rounded up to pages");
        NativeMemory.putByte(a + 99_999, (byte) 1);
        assertEquals(-1, large.free(a + 8), "interior");
        assertEquals(-1, large.usableSize(a + 4096));
        assertEquals(102_400, large.free(a));
        assertEquals(-1, large.free(a), "already freed");
        long b = large.allocate(90_000, 4096);
        assertEquals(a, b, "reused from the cache");
        long c = large.allocate(5L << 20, 4096);
        assertEquals(5L << 20, large.usableSize(c));
        large.free(b);
        large.free(c);
        large.checkInvariants();
        assertEquals(1, large.stats().counter("largeCached"));
        large.trim();
        assertEquals(0, budget.mappedBytes());
    }
}
