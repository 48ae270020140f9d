package org.hakmem.box.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The remote-free bitmap on its own: every pushed block drained exactly once, twice-pushed ones refused. */
class RemoteFreesTest {

    @Test
    void drainsWhatWasPushedAndRefusesASecondPush() {
        RemoteFrees r = new RemoteFrees(5000);
        assertTrue(r.isEmpty());
        int[] pushed = {0, 63, 64, 4095, 4096, 4999};
        for (int i : pushed) {
            assertTrue(r.push(i));
        }
        assertFalse(r.push(64), "a block's bit is set once: the second free of it is refused");
        assertFalse(r.isEmpty());
        BitSet peeked = new BitSet();
        r.forEach(peeked::set);
        assertEquals(pushed.length, peeked.cardinality(), "forEach leaves every block in place");
        BitSet drained = new BitSet();
        assertEquals(pushed.length, r.drain(drained::set));
        assertEquals(peeked, drained);
        assertTrue(r.isEmpty());
        assertEquals(0, r.drain(i -> drained.clear()), "a second drain finds nothing");
        assertTrue(r.push(64), "after the drain the block can be freed remotely again");
    }

    /**
     * Four producers push disjoint blocks, each block several times over rounds (it is taken back
     * between rounds), while the owner drains concurrently: every push comes out of exactly one
     * drain, none is lost and none doubled.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a lost bit would leave its producer waiting: fail, do not hang
    void concurrentProducersAndADrainingOwnerLoseNothing() throws Exception {
        int blocks = 1 << 14;
        int producers = 4;
        int rounds = 50;
        RemoteFrees r = new RemoteFrees(blocks);
        // Owner-side copy: bit set while the block is "out" (pushable by its producer).
        AtomicIntegerArray out = new AtomicIntegerArray(blocks);
        for (int i = 0; i < blocks; i++) {
            out.set(i, 1);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        long[] drainedCount = new long[1];
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int round = 0; round < rounds; round++) {
                    for (int i = id; i < blocks; i += producers) {
                        while (out.get(i) == 0) {
                            if (failure.get() != null) {
                                return;
                            }
                            Thread.onSpinWait();
                        }
                        out.set(i, 0);
                        if (!r.push(i)) {
                            failure.compareAndSet(null, "block " + i + " refused although it was out");
                        }
                    }
                }
            }));
        }
        Thread owner = Thread.ofPlatform().start(() -> {
            try {
                while ((!done.get() || !r.isEmpty()) && failure.get() == null) {
                    drainedCount[0] += r.drain(i -> {
                        if (out.getAndSet(i, 1) != 0) {
                            failure.compareAndSet(null, "block " + i + " drained twice");
                        }
                    });
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, "the owner's drain threw " + e);
            }
        });
        for (Thread t : ts) {
            // Bounded: a producer waiting on a lost bit would otherwise wait forever.
            t.join(TimeUnit.SECONDS.toMillis(50));
            if (t.isAlive()) {
                failure.compareAndSet(null, "a producer still waits for a block to come back: a bit was lost");
                t.join();
            }
        }
        done.set(true);
        owner.join();
        assertNull(failure.get(), "no producer or drain saw a wrong state");
        drainedCount[0] += r.drain(i -> out.set(i, 1));
        assertEquals((long) blocks * rounds, drainedCount[0], "every push drained exactly once");
        assertTrue(r.isEmpty());
    }
}
