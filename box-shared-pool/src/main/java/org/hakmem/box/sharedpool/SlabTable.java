package org.hakmem.box.sharedpool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The pool's view of one region: a state per slab slot, the attachment of each ACTIVE slab, and
 * the count of ACTIVE slots. It is the attachment the region is registered with, so that an
 * address finds its slab in one registry lookup.
 *
 * <pre>
 *   region base                                                  base + regionSize
 *   | slot 0 | slot 1 | ... | slot n-1 |        slot i = [base + i*slabSize, base + (i+1)*slabSize)
 *   state[i]:  UNUSED (0) | EMPTY (-1) | ACTIVE(class c) = c + 1 | RELEASING (Integer.MAX_VALUE, for an instant)
 *   active:    number of ACTIVE slots, or RETIRED (-1) once the region is being given back
 * </pre>
 * Invariant (at rest): {@code active == |{i : state[i] > 0}|} while not retired; {@code attachment[i] != null}
 * exactly when {@code state[i] > 0}.
 */
final class SlabTable {

    static final int UNUSED = 0;
    static final int EMPTY = -1;
    /** A slot between ACTIVE and EMPTY: not claimable, so its attachment is cleared before anyone can claim it. */
    static final int RELEASING = Integer.MAX_VALUE;
    static final int RETIRED = -1;

    /**
     * Set once, right after the region is acquired and before any slab of it is handed out; a
     * lookup that reaches this table through a handed-out address therefore sees it.
     */
    long base;
    final int slabShift;
    /** The pool that claims and releases this region's slots. */
    final SharedSlabPool pool;
    /** The pool, or the per-class group it belongs to, answering lookups: pools sharing a registry never answer for each other. */
    final Object group;
    final AtomicIntegerArray state;
    final AtomicReferenceArray<Object> attachment;
    final AtomicInteger active = new AtomicInteger();

    SlabTable(SharedSlabPool pool, int slabShift, int slots, Object group) {
        this.pool = pool;
        this.slabShift = slabShift;
        this.group = group;
        this.state = new AtomicIntegerArray(slots);
        this.attachment = new AtomicReferenceArray<>(slots);
    }

    /** Registers one more claimer unless the region is retiring; lock-free. */
    boolean enter() {
        int a;
        do {
            a = active.get();
            if (a == RETIRED) {
                return false;
            }
        } while (!active.compareAndSet(a, a + 1));
        return true;
    }

    /** Claims a free slot for {@code sizeClass} (caller has {@link #enter}ed); returns the slot or -1. */
    int claim(int sizeClass, Object att) {
        int n = state.length();
        for (int i = 0; i < n; i++) {
            int s = state.get(i);
            if (s <= 0 && state.compareAndSet(i, s, sizeClass + 1)) {
                attachment.set(i, att);
                return i;
            }
        }
        return -1;
    }

    /** Slot index of {@code address}. */
    int slotOf(long address) {
        return (int) ((address - base) >>> slabShift);
    }
}
