package org.hakmem.box.superslab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hakmem.box.api.NativeMemory;
import org.junit.jupiter.api.Test;

/** Aligned mappings start inside what was mapped, for every alignment, and are counted. */
class MappingBudgetTest {

    @Test
    void everyAlignmentGivesAWritableAlignedRange() {
        MappingBudget b = new MappingBudget(0);
        MappingBudget.Calls calls = new MappingBudget.Calls();
        for (long align = 1; align <= 8L << 20; align <<= 1) {
            long size = 3 * 4096;
            long p = b.mapAligned(size, align, calls);
            assertEquals(0, p % Math.max(align, 4096), "alignment " + align);
            NativeMemory.putByte(p, (byte) 1);
            NativeMemory.putByte(p + size - 1, (byte) 1);
            b.unmap(p, size, calls);
        }
        assertEquals(0, b.mappedBytes());
        assertEquals(24, calls.mmaps());
        assertEquals(b.munmapCalls(), calls.munmaps());
    }
}
