/**
 * box-routing: the one module that wires boxes together. It maps size ranges to boxes, routes
 * frees by address, reads the configuration once, and offers the public facade
 * {@link org.hakmem.box.routing.Hakmem}.
 *
 * <p>Run with {@code --enable-native-access=org.hakmem.box.api,org.hakmem.box.superslab}.
 */
module org.hakmem.box.routing {
    // Transitive: the facade's signatures use box-api types (configuration, statistics).
    requires transitive org.hakmem.box.api;
    requires org.hakmem.box.superslab;
    requires org.hakmem.box.sharedpool;
    requires org.hakmem.box.tlssll;
    requires org.hakmem.box.tiny;
    requires org.hakmem.box.smallmid;
    requires org.hakmem.box.pooltls;
    requires org.hakmem.box.guard;
    // A JFR event for every trim.
    requires jdk.jfr;

    exports org.hakmem.box.routing;
}
