/**
 * The box contracts: what each box promises, written once.
 *
 * <h2>The boxes and who may depend on whom</h2>
 * This list is the layer order; {@code org.hakmem.box.conformance.BoxRules} checks exactly it.
 * <pre>
 *   bench ──► box-routing ──► every box below   (the ONLY modules that may depend on a box)
 *
 *   box-tiny-front  box-tls-sll  box-smallmid  box-pool-tls  box-shared-pool  box-superslab  box-external-guard
 *          └────────────┴─────────────┴─────────────┴──────────────┴───────────────┴──────────────┘
 *                                              ▼
 *                                           box-api   (depends on the JDK only)
 * </pre>
 * <ul>
 *   <li>A box depends on {@code box-api} and the JDK only; never on another box.</li>
 *   <li>{@code box-api} depends on no box.</li>
 *   <li>Only {@code box-routing} and {@code bench} depend on boxes.</li>
 *   <li>No cycle between any of them.</li>
 * </ul>
 *
 * <h2>Roles and their contracts</h2>
 * <table>
 *   <caption>Box roles</caption>
 *   <tr><th>box</th><th>contract</th></tr>
 *   <tr><td>box-superslab</td><td>{@link org.hakmem.box.api.RegionSource}, {@link org.hakmem.box.api.LargeBlockSource},
 *       {@link org.hakmem.box.api.AddressRegistry}</td></tr>
 *   <tr><td>box-shared-pool</td><td>{@link org.hakmem.box.api.SlabPool}</td></tr>
 *   <tr><td>box-tls-sll</td><td>{@link org.hakmem.box.api.FreeList}, {@link org.hakmem.box.api.FreeListFactory}</td></tr>
 *   <tr><td>box-tiny-front, box-smallmid, box-pool-tls</td><td>{@link org.hakmem.box.api.BlockAllocator},
 *       {@link org.hakmem.box.api.BlockHeap}</td></tr>
 *   <tr><td>box-external-guard</td><td>{@link org.hakmem.box.api.ExternalGuard}</td></tr>
 * </table>
 * Every contract extends {@link org.hakmem.box.api.Box}: a name, a statistics snapshot and an
 * invariant checker.
 *
 * <h2>Addresses</h2>
 * An address is a {@code long}: the address the user gets is the address the allocator files
 * (one meaning for an address; no header). {@code 0} is "no block". Routing a free never reads
 * native memory: {@link org.hakmem.box.api.AddressRegistry} answers from the Java heap.
 */
package org.hakmem.box.api;
