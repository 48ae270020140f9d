/**
 * box-conformance: hakmem's box boundaries (Contract D) as reusable rules.
 * {@link org.hakmem.box.conformance.BoxRules} holds the ArchUnit rules and the JPMS descriptor
 * check; {@link org.hakmem.box.conformance.BoxLayout} says which packages and modules are the
 * API, the boxes and the wiring, so a user adds their own box in one line.
 *
 * <p>Deliberate exception: this module depends on ArchUnit (an automatic module), not on the JDK
 * alone. It is a test-time artifact, never on an allocator's run-time path.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // ArchUnit ships as an automatic module; its types are in our API.
module org.hakmem.box.conformance {
    requires transitive com.tngtech.archunit;

    exports org.hakmem.box.conformance;
}
