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
 *   Hakmem.malloc(size) ─► route(size) ─► TinyFront.allocate ─► TinyHeap.allocate
 *                              ─► list.pop ─► TinyHeap.refill ─► TinySlab.take
 *                                  ─► TinyHeap.switchSlab ─► SlabPool.acquireSlab ─► SharedSlabPool.acquireSlabSlow
 *                                      ─► RegionSource.acquireRegion (SuperSlabSource: cache or mmap)
 *   Hakmem.free(addr)   ─► registry.ownerOf(addr) (Java heap, no native read)
 *                              ─► TINY:  TinyFront.free ─► own slab: list.push (full: spill) | other's: remote queue
 *                              ─► SMALLMID / MID / LARGE: that box's free
 *                              ─► none, or the box says "not a block start": ExternalGuard.reject
 *   Hakmem.heap()       ─► a HakmemHeap holding this thread's box heaps: the same trees minus the ThreadLocal lookups
 * </pre>
 */
package org.hakmem.box.routing;
