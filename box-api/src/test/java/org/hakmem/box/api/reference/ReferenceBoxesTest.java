package org.hakmem.box.api.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.NativeMemory;
import org.junit.jupiter.api.Test;

/** The JDK-only reference region source and slab pool keep their contracts. */
class ReferenceBoxesTest {

    @Test
    void regionsAreAlignedZeroedRegisteredAndReleased() {
        ArenaRegionSource src = new ArenaRegionSource(1 << 16);
        long a = src.acquireRegion(3, "x");
        assertEquals(0, a & 0xFFFF);
        assertEquals(0, NativeMemory.getLong(a + 0xFFF8));
        assertEquals(3, src.registry().ownerOf(a + 0xFFFF));
        assertEquals(AddressRegistry.NOT_OURS, src.registry().ownerOf(a + 0x10000));
        assertEquals("x", src.registry().attachmentOf(a));
        src.releaseRegion(a);
        assertEquals(AddressRegistry.NOT_OURS, src.registry().ownerOf(a));
        assertThrows(IllegalArgumentException.class, () -> src.releaseRegion(a));
        src.checkInvariants();
    }

    @Test
    void simplePoolTagsSlabsWithClassAndAttachment() {
        SimpleSlabPool pool = new SimpleSlabPool(new ArenaRegionSource(1 << 16), 1);
        long s = pool.acquireSlab(4, "slab");
        assertEquals(4, pool.sizeClassOf(s + 100));
        assertEquals("slab", pool.slabOf(s + 100));
        pool.releaseSlab(s);
        assertNull(pool.slabOf(s));
        assertEquals(-1, pool.sizeClassOf(s));
        assertThrows(IllegalArgumentException.class, () -> pool.releaseSlab(s));
    }
}
