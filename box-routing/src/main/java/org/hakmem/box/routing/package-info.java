/**
 * The wiring and the public facade.
 *
 * <h2>Size ranges (no gap, no overlap)</h2>
 * <pre>
 *   0               → treated as 1 (a unique, freeable minimum block, as C's malloc(0))
 *   1 .. tinyMax    → box-tiny-front     (tinyMax = 255 or 1023 by HAKMEM_TINY_MAX_CLASS)
 *   .. 4096         → box-smallmid       (only when HAKMEM_SMALLMID_ENABLE=1)
 *   .. 32768        → box-pool-tls (Mid)
 *   .. maxAllocation → box-superslab large blocks
 *   &lt; 0 or &gt; maxAllocation → IllegalArgumentException naming hakmem.maxAllocation
 * </pre>
 *
 * <h2>Call trees</h2>
 * <pre>
 *   Hakmem.malloc(size) ─► heap() (one ThreadLocal) ─► HakmemHeap.malloc
 *   HakmemHeap.malloc   ─► 1..tinyMax: TinyHeap.allocate ─► list.pop
 *                              └ empty ─► TinyHeap.refill ─► TinySlab.take
 *                                  └ slab exhausted ─► TinyHeap.switchSlab ─► SlabPool.acquireSlab
 *                                      └ no free slot ─► SharedSlabPool.acquireSlabSlow ─► SuperSlabSource (cache or mmap)
 *                       ─► mallocRouted: Small-Mid / Mid heap ─► magazine ─► depot or backend (batch)
 *                                        large, 0, bad sizes ─► Hakmem.mallocShared ─► LargeBlocks | exception
 *   Hakmem.free(addr)   ─► heap() ─► HakmemHeap.free
 *   HakmemHeap.free     ─► TinyHeap.tryFree: the fast free's slab when the address lies in it,
 *                              else Tiny's slab map (Java heap, no native read)
 *                              ├ own slab: list.push (full: spill half to the slabs)
 *                              └ another heap's slab: its remote bitmap (lock-free)
 *                       ─► not Tiny: freeRouted ─► registry.ownerOf(addr) ─► Small-Mid / Mid heap
 *                              ─► Hakmem.freeShared: LargeBlocks, or ExternalGuard.reject
 * </pre>
 */
package org.hakmem.box.routing;
