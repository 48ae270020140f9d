package org.hakmem.box.sharedpool;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.BoxStats;
import org.hakmem.box.api.RegionSource;
import org.hakmem.box.api.SlabPool;

/**
 * One pool of slabs shared by every size class of a box: a slab slot of any region may serve any
 * class, so a few regions serve all classes (the seed's shared pool: 877 → 72 SuperSlabs).
 *
 * <pre>
 *   acquireSlab(c) ─► scan regions[] (a copy-on-write snapshot): enter region, CAS a slot
 *                     UNUSED|EMPTY → ACTIVE(c)                     (lock-free, Stage 2)
 *                  └► acquireSlabSlow: a new region from the RegionSource, appended under a lock
 *   releaseSlab    ─► CAS ACTIVE(c) → EMPTY; last ACTIVE slot gone ─► region retired, given back
 * </pre>
 * Retirement and claiming meet on the region's {@code active} counter: a claimer increments it
 * before it scans (and only while it is not RETIRED), the releaser of the last slab swaps 0 for
 * RETIRED, so a region is never given back while a slot in it is being claimed.
 *
 * <p>Thread-safety: any thread. Regions are given back as soon as they are wholly empty; the
 * RegionSource's cache absorbs the churn.
 */
public final class SharedSlabPool implements SlabPool {

    private static final int MAX_CLASSES = 128;
    private static final SlabTable[] NONE = new SlabTable[0];

    private final RegionSource source;
    private final int ownerId;
    private final int slabSize;
    private final int slabShift;
    private final int slots;
    private final Object group;
    /** Copy-on-write: readers scan a snapshot without a lock; writers (new or retired regions, the rare path) take {@code this}. */
    private volatile SlabTable[] regions = NONE;
    private final AtomicLongArray activeByClass = new AtomicLongArray(MAX_CLASSES);
    private final AtomicLong slabAcquires = new AtomicLong();
    private final AtomicLong slabReleases = new AtomicLong();
    private final AtomicLong regionAcquires = new AtomicLong();
    private final AtomicLong regionReleases = new AtomicLong();

    /**
     * @param source   where regions come from
     * @param ownerId  the owner id regions are registered with
     * @param slabSize slab size, a power of two, at most half the region size
     */
    public SharedSlabPool(RegionSource source, int ownerId, int slabSize) {
        this(source, ownerId, slabSize, null);
    }

    /** A pool whose lookups answer for {@code group} (a {@link PerClassSlabPool}), or for itself when null. */
    SharedSlabPool(RegionSource source, int ownerId, int slabSize, Object group) {
        if (Integer.bitCount(slabSize) != 1 || (long) slabSize * 2 > source.regionSize()) {
            throw new IllegalArgumentException("slabSize must be a power of two of at most half the region size ("
                    + source.regionSize() + "), got " + slabSize);
        }
        this.source = source;
        this.ownerId = ownerId;
        this.slabSize = slabSize;
        this.slabShift = Integer.numberOfTrailingZeros(slabSize);
        this.slots = (int) (source.regionSize() >>> slabShift);
        this.group = group == null ? this : group;
    }

    @Override
    public String boxName() {
        return "shared-pool";
    }

    @Override
    public int slabSize() {
        return slabSize;
    }

    @Override
    public long acquireSlab(int sizeClass, Object attachment) {
        checkClass(sizeClass);
        for (SlabTable t : regions) {
            if (t.enter()) {
                int i = t.claim(sizeClass, attachment);
                if (i >= 0) {
                    return claimed(t, i, sizeClass);
                }
                leave(t);
            }
        }
        return acquireSlabSlow(sizeClass, attachment);
    }

    /** No region has a free slot: map a new one (the rare path). */
    private long acquireSlabSlow(int sizeClass, Object attachment) {
        SlabTable t = new SlabTable(this, slabShift, slots, group);
        t.base = source.acquireRegion(ownerId, t);
        regionAcquires.incrementAndGet();
        t.enter();
        int i = t.claim(sizeClass, attachment);
        synchronized (this) {
            SlabTable[] now = regions;
            SlabTable[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = t;
            regions = next;
        }
        return claimed(t, i, sizeClass);
    }

    private long claimed(SlabTable t, int slot, int sizeClass) {
        slabAcquires.incrementAndGet();
        activeByClass.incrementAndGet(sizeClass);
        return t.base + ((long) slot << slabShift);
    }

    @Override
    public void releaseSlab(long slabBase) {
        SlabTable t = table(slabBase);
        if (t == null || (slabBase & (slabSize - 1)) != 0) {
            throw new IllegalArgumentException("0x" + Long.toHexString(slabBase) + " is not a slab of this pool");
        }
        int i = t.slotOf(slabBase);
        int s = t.state.get(i);
        // ACTIVE -> RELEASING -> (attachment cleared) -> EMPTY: no thread can claim the slot
        // before its attachment is cleared, and of two releases of one slab only one wins.
        if (s <= 0 || s == SlabTable.RELEASING || !t.state.compareAndSet(i, s, SlabTable.RELEASING)) {
            throw new IllegalArgumentException("slab 0x" + Long.toHexString(slabBase) + " is not ACTIVE (double release?)");
        }
        t.attachment.set(i, null);
        t.state.set(i, SlabTable.EMPTY);
        // The region's own pool keeps the counts (this may be a per-class group's lookup pool).
        SharedSlabPool owner = t.pool;
        owner.slabReleases.incrementAndGet();
        owner.activeByClass.decrementAndGet(s - 1);
        owner.leave(t);
    }

    /** Undoes an {@link SlabTable#enter}; the last one out retires the region. */
    void leave(SlabTable t) {
        if (t.active.decrementAndGet() == 0 && t.active.compareAndSet(0, SlabTable.RETIRED)) {
            synchronized (this) {
                SlabTable[] now = regions;
                SlabTable[] next = new SlabTable[now.length - 1];
                int j = 0;
                for (SlabTable r : now) {
                    if (r != t) {
                        next[j++] = r;
                    }
                }
                regions = next;
            }
            source.releaseRegion(t.base);
            regionReleases.incrementAndGet();
        }
    }

    @Override
    public Object slabOf(long address) {
        SlabTable t = table(address);
        // Plain, like the registry's lookups: a valid block's address reaches a freeing thread
        // through a hand-off that orders the slab's attachment before it, and a misused address
        // may read a stale one, which the caller's own checks refuse. A volatile read here fenced
        // every load after it on Small-Mid's free path (fixed-1024 with Small-Mid on ran at a
        // third of the speed with Small-Mid off).
        return t == null ? null : t.attachment.getPlain(t.slotOf(address));
    }

    @Override
    public int sizeClassOf(long address) {
        SlabTable t = table(address);
        if (t == null) {
            return -1;
        }
        int s = t.state.get(t.slotOf(address));
        return s > 0 && s != SlabTable.RELEASING ? s - 1 : -1;
    }

    /** The table of the region holding {@code address} if this pool (or its group) owns it, else null. */
    private SlabTable table(long address) {
        // The range test also covers a region whose base is not yet published (reads as 0).
        return source.registry().attachmentOf(address) instanceof SlabTable t && t.group == group
                && address - t.base >= 0 && address - t.base < source.regionSize() ? t : null;
    }

    /** Regions are given back as soon as they empty, so there is nothing to trim here; the source caches them. */
    @Override
    public long trim() {
        return 0;
    }

    /** Regions held now. */
    public int regionCount() {
        return regions.length;
    }

    /** Regions taken from the source so far. */
    public long regionAcquires() {
        return regionAcquires.get();
    }

    @Override
    public BoxStats stats() {
        Map<String, Long> c = new LinkedHashMap<>();
        long active = 0;
        for (int i = 0; i < MAX_CLASSES; i++) {
            active += activeByClass.get(i);
        }
        c.put("regions", (long) regions.length);
        c.put("regionAcquires", regionAcquires.get());
        c.put("regionReleases", regionReleases.get());
        c.put("slabsActive", active);
        c.put("slabAcquires", slabAcquires.get());
        c.put("slabReleases", slabReleases.get());
        return new BoxStats(boxName(), c, List.of());
    }

    @Override
    public void checkInvariants() {
        AddressRegistry registry = source.registry();
        for (SlabTable t : regions) {
            String where = "shared-pool: region 0x" + Long.toHexString(t.base);
            if (registry.attachmentOf(t.base) != t || registry.ownerOf(t.base) != ownerId) {
                throw new IllegalStateException(where + " is not registered to this pool");
            }
            int activeSlots = 0;
            for (int i = 0; i < slots; i++) {
                int s = t.state.get(i);
                boolean hasAttachment = t.attachment.get(i) != null;
                if (s > 0) {
                    activeSlots++;
                }
                if ((s > 0) != hasAttachment) {
                    throw new IllegalStateException(where + " slot " + i + " has state " + s
                            + (hasAttachment ? " with" : " without") + " an attachment");
                }
            }
            if (activeSlots != t.active.get()) {
                throw new IllegalStateException(where + " counts " + t.active.get() + " active slabs but has " + activeSlots);
            }
            if (activeSlots == 0) {
                throw new IllegalStateException(where + " is wholly empty but was not given back");
            }
        }
    }

    private static void checkClass(int sizeClass) {
        if (sizeClass < 0 || sizeClass >= MAX_CLASSES) {
            throw new IllegalArgumentException("size class must be 0.." + (MAX_CLASSES - 1) + ", got " + sizeClass);
        }
    }
}
