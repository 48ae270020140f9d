package org.hakmem.box.superslab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hakmem.box.api.AddressRegistry;
import org.junit.jupiter.api.Test;

/** Lookups at the edges, of foreign and garbage addresses, and under concurrent (un)registration. */
class RadixRegistryTest {

    private static final long G = 2L << 20;

    @Test
    void firstAndLastByteAreOursOnePastIsNot() {
        RadixRegistry r = new RadixRegistry(21);
        long base = 0x7f12_3440_0000L;
        r.register(base, 2 * G, 7, "a");
        assertEquals(7, r.ownerOf(base));
        assertEquals(7, r.ownerOf(base + 2 * G - 1));
        assertEquals("a", r.attachmentOf(base + G));
        assertEquals(AddressRegistry.NOT_OURS, r.ownerOf(base + 2 * G));
        assertEquals(AddressRegistry.NOT_OURS, r.ownerOf(base - 1));
        assertEquals(2, r.registeredGranules());
        r.unregister(base, 2 * G);
        assertEquals(AddressRegistry.NOT_OURS, r.ownerOf(base));
        assertNull(r.attachmentOf(base));
        assertEquals(0, r.registeredGranules());
    }

    @Test
    void aKeptLeafAnswersLikeALookupForEveryAddressUnderIt() {
        RadixRegistry r = new RadixRegistry(21);
        long base = 0x7f12_3440_0000L;
        assertNull(r.attachmentLeaf(base), "no leaf before any registration under it");
        r.register(base, 2 * G, 7, "a");
        Object[] leaf = r.attachmentLeaf(base);
        assertEquals(1, Integer.bitCount(leaf.length), "a power-of-two length");
        int leafShift = 21 + Integer.numberOfTrailingZeros(leaf.length);
        long other = base + 40 * G;
        r.register(other, G, 8, "b");
        assertSame(leaf, r.attachmentLeaf(other), "one leaf for addresses with the same bits above it, never replaced");
        for (long a : new long[] {base, base + G + 5, other, other + G, base - 1, base + 2 * G}) {
            assertEquals(a >>> leafShift, base >>> leafShift);
            assertEquals(r.attachmentOf(a), leaf[(int) (a >>> 21) & (leaf.length - 1)], "address 0x" + Long.toHexString(a));
        }
        r.unregister(base, 2 * G);
        assertSame(leaf, r.attachmentLeaf(base), "unregistering keeps the leaf");
        assertNull(leaf[(int) (base >>> 21) & (leaf.length - 1)]);
        assertNull(r.attachmentLeaf(base | 1L << 48), "above 2^48: no leaf");
        assertNull(r.attachmentLeaf(-1));
    }

    @Test
    void anyLongIsAnsweredWithoutTouchingMemory() {
        RadixRegistry r = new RadixRegistry(21);
        for (long a : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 48, (1L << 48) - 1, 0xdead_beefL}) {
            assertEquals(AddressRegistry.NOT_OURS, r.ownerOf(a));
            assertNull(r.attachmentOf(a));
        }
    }

    @Test
    void misuseIsRefusedAndChangesNothing() {
        RadixRegistry r = new RadixRegistry(21);
        long base = 0x7000_0000_0000L;
        r.register(base, G, 1, null);
        assertThrows(IllegalArgumentException.class, () -> r.register(base + 1, G, 1, null));
        assertThrows(IllegalArgumentException.class, () -> r.register(base, G, 0, null));
        assertThrows(IllegalArgumentException.class, () -> r.register(base - G, 2 * G, 2, null));
        assertEquals(AddressRegistry.NOT_OURS, r.ownerOf(base - G), "a refused registration leaves nothing behind");
        assertEquals(1, r.ownerOf(base));
        assertThrows(IllegalArgumentException.class, () -> r.unregister(base + G, G));
        assertEquals(1, r.registeredGranules());
    }

    @Test
    void concurrentRegistrationOfDisjointRanges() throws Exception {
        RadixRegistry r = new RadixRegistry(21);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t + 1;
                fs.add(ex.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < 64; i++) {
                            long base = (0x10_0000_0000L * id) + i * G;
                            r.register(base, G, id, null);
                        }
                        for (int i = 0; i < 64; i++) {
                            long base = (0x10_0000_0000L * id) + i * G;
                            if (r.ownerOf(base + 12345) != id) {
                                throw new AssertionError("lost registration");
                            }
                            r.unregister(base, G);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdown();
        }
        assertEquals(0, r.registeredGranules());
    }
}
