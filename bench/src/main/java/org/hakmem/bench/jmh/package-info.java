/**
 * The JMH benchmarks: {@link org.hakmem.bench.jmh.SlotBench} (the single-thread slot workloads)
 * and {@link org.hakmem.bench.jmh.ThreadsBench} (larson-like and producer-consumer), each over
 * every subject. All report operations per second (ops = mallocs + frees; frees for
 * producer-consumer) for the steady state: state persists across invocations.
 */
package org.hakmem.bench.jmh;
