/**
 * box-external-guard: where every address that no box accepts ends up. It is never freed or
 * written; it is counted by reason and, as configured, refused with an exception (the default),
 * logged once per call site, or only counted, with a report when a threshold is crossed.
 * {@link org.hakmem.box.guard.ExternalGuardBox} is the box.
 *
 * <p>Useful on its own with box-api: any native-memory code can report bad pointers through it.
 */
module org.hakmem.box.guard {
    // Transitive: this box's public types implement and return box-api types.
    requires transitive org.hakmem.box.api;
    // Log lines and reports go through the platform logger.
    requires java.logging;
    // A JFR event for every refused address.
    requires jdk.jfr;

    exports org.hakmem.box.guard;
}
