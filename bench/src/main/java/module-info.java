/**
 * bench: hakmem measured against what a Java user would otherwise use, on the workloads of the
 * design (fixed-size, random-mixed, mixed-wide, larson-like, producer-consumer, memory).
 * {@link org.hakmem.bench.Main} is the comparison runner (the main job) and the A/B runner;
 * {@code org.hakmem.bench.jmh} holds the JMH benchmarks it runs.
 *
 * <p>Like box-routing, bench is wiring: it may depend on boxes (Contract D).
 */
@SuppressWarnings("requires-automatic") // JMH and Netty ship as automatic modules.
module org.hakmem.bench {
    // Transitive: Subjects.heapOf takes the facade type.
    requires transitive org.hakmem.box.routing;
    requires jmh.core;
    // The one-box experiment subjects (mid-only, tiny-only) compose a box over its own region source.
    requires org.hakmem.box.pooltls;
    requires org.hakmem.box.sharedpool;
    requires org.hakmem.box.superslab;
    requires org.hakmem.box.tiny;
    requires org.hakmem.box.tlssll;
    requires io.netty.buffer;
    requires io.netty.common;

    exports org.hakmem.bench;
    exports org.hakmem.bench.subject;
    exports org.hakmem.bench.workload;

    // JMH instantiates the benchmarks and its generated subclasses reflectively.
    opens org.hakmem.bench.jmh;
    opens org.hakmem.bench.jmh.jmh_generated;
}
