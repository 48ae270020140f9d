package org.hakmem.box.conformance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contract D, as rules anyone can run: a box depends on box-api and the JDK only; box-api on no
 * box; only the wiring (box-routing, bench, or yours) on boxes; no cycles. The same list as the
 * box graph in box-api's package documentation, rule for rule:
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>rule</th><th>name in a failure</th></tr>
 *   <tr><td>{@link #boxesDependOnlyOnApiAndJdk}</td><td>{@value #BOX_RULE}</td></tr>
 *   <tr><td>{@link #apiDependsOnNoBox}</td><td>{@value #API_RULE}</td></tr>
 *   <tr><td>{@link #onlyWiringDependsOnBoxes}</td><td>{@value #WIRING_RULE}</td></tr>
 *   <tr><td>{@link #noCycles}</td><td>{@value #CYCLE_RULE}</td></tr>
 *   <tr><td>{@link #checkModuleDescriptor}</td><td>{@value #JPMS_RULE}</td></tr>
 * </table>
 *
 * <p>In your own tests, for a box in {@code com.acme.mybox}:
 * <pre>{@code
 *   JavaClasses classes = new ClassFileImporter().importPackages("com.acme.mybox", "org.hakmem.box.api");
 *   BoxRules.checkAll(BoxLayout.hakmem().withBox("my-box", "com.acme.mybox"), classes);
 * }</pre>
 */
public final class BoxRules {

    /** Name of the box rule. */
    public static final String BOX_RULE = "Contract D (box -> box): a box depends only on box-api and the JDK";
    /** Name of the API rule. */
    public static final String API_RULE = "Contract D (api -> box): box-api depends on no box, only on the JDK";
    /** Name of the wiring rule. */
    public static final String WIRING_RULE = "Contract D (wiring): only box-routing and bench (the wiring) depend on boxes";
    /** Name of the cycle rule. */
    public static final String CYCLE_RULE = "Contract D (cycles): no cycle between box-api, the boxes and the wiring";
    /** Name of the JPMS descriptor rule. */
    public static final String JPMS_RULE = "Contract D (JPMS): a box module requires only box-api and JDK modules";

    private BoxRules() {}

    /** Every ArchUnit rule for {@code layout}. */
    public static List<ArchRule> all(BoxLayout layout) {
        return List.of(boxesDependOnlyOnApiAndJdk(layout), apiDependsOnNoBox(layout), onlyWiringDependsOnBoxes(layout),
                noCycles(layout));
    }

    /**
     * Checks every rule of {@link #all} on {@code classes}.
     *
     * @throws AssertionError listing every broken rule by name with its violations
     */
    public static void checkAll(BoxLayout layout, JavaClasses classes) {
        List<String> failures = new ArrayList<>();
        for (ArchRule r : all(layout)) {
            EvaluationResult result = r.evaluate(classes);
            if (result.hasViolation()) {
                failures.add(result.getFailureReport().toString());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    /** A class of a box depends only on its own box, box-api and the JDK. */
    public static ArchRule boxesDependOnlyOnApiAndJdk(BoxLayout layout) {
        return classes().that(inAnyBox(layout))
                .should(dependOnlyOn(layout, "its own box, box-api and the JDK", true))
                .as(BOX_RULE)
                .allowEmptyShould(true);
    }

    /** A class of box-api depends only on box-api and the JDK. */
    public static ArchRule apiDependsOnNoBox(BoxLayout layout) {
        return classes().that(DescribedPredicate.describe("are in box-api", (JavaClass c) -> layout.isApi(c.getPackageName())))
                .should(dependOnlyOn(layout, "box-api and the JDK", false))
                .as(API_RULE)
                .allowEmptyShould(true);
    }

    /** No class outside the boxes and the wiring depends on a box. */
    public static ArchRule onlyWiringDependsOnBoxes(BoxLayout layout) {
        return noClasses().that(DescribedPredicate.describe("are neither in a box nor in the wiring",
                        (JavaClass c) -> layout.boxOf(c.getPackageName()) == null && !layout.isWiring(c.getPackageName())))
                .should().dependOnClassesThat(inAnyBox(layout))
                .as(WIRING_RULE)
                .allowEmptyShould(true);
    }

    /** No cycle between the API, the boxes and the wiring packages, each taken as one slice. */
    public static ArchRule noCycles(BoxLayout layout) {
        SliceAssignment byModule = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (layout.isApi(p)) {
                    return SliceIdentifier.of("box-api");
                }
                String box = layout.boxOf(p);
                if (box != null) {
                    return SliceIdentifier.of(box);
                }
                for (String w : layout.wiringPackages()) {
                    if (BoxLayout.within(p, w)) {
                        return SliceIdentifier.of(w);
                    }
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "box-api, each box and each wiring package";
            }
        };
        return slices().assignedFrom(byModule).should().beFreeOfCycles().as(CYCLE_RULE).allowEmptyShould(true);
    }

    /**
     * Checks the JPMS descriptor of the module at {@code location} (a jar or a classes folder;
     * ArchUnit does not read {@code module-info.class}): a box module may require only box-api
     * and JDK modules, box-api only JDK modules. Other modules pass.
     *
     * @throws AssertionError naming {@value #JPMS_RULE}, the module and the forbidden requires
     */
    public static void checkModuleDescriptor(BoxLayout layout, Path location) {
        for (ModuleReference ref : ModuleFinder.of(location).findAll()) {
            ModuleDescriptor d = ref.descriptor();
            boolean isBox = layout.boxModules().containsValue(d.name());
            boolean isApi = layout.apiModule().equals(d.name());
            if (!isBox && !isApi) {
                continue;
            }
            List<String> bad = new ArrayList<>();
            for (ModuleDescriptor.Requires r : d.requires()) {
                String n = r.name();
                boolean jdk = n.startsWith("java.") || n.startsWith("jdk.");
                if (!jdk && !(isBox && n.equals(layout.apiModule()))) {
                    bad.add(n);
                }
            }
            if (!bad.isEmpty()) {
                throw new AssertionError("Architecture Violation - Rule '" + JPMS_RULE + "' was violated: module "
                        + d.name() + " (" + boxName(layout, d.name()) + ") requires " + bad);
            }
        }
    }

    private static String boxName(BoxLayout layout, String module) {
        for (Map.Entry<String, String> e : layout.boxModules().entrySet()) {
            if (e.getValue().equals(module)) {
                return e.getKey();
            }
        }
        return "box-api";
    }

    private static DescribedPredicate<JavaClass> inAnyBox(BoxLayout layout) {
        return DescribedPredicate.describe("are in a box", (JavaClass c) -> layout.boxOf(c.getPackageName()) != null);
    }

    private static ArchCondition<JavaClass> dependOnlyOn(BoxLayout layout, String what, boolean ownBox) {
        return new ArchCondition<>("depend only on " + what) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String own = ownBox ? layout.boxes().get(layout.boxOf(c.getPackageName())) : null;
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass t = d.getTargetClass();
                    if (t.isArray()) {
                        t = t.getBaseComponentType();
                    }
                    String p = t.getPackageName();
                    boolean allowed = t.isPrimitive() || isJdk(p) || layout.isApi(p) || (own != null && BoxLayout.within(p, own));
                    if (!allowed) {
                        String target = layout.boxOf(p) != null ? " (box " + layout.boxOf(p) + ")" : "";
                        events.add(SimpleConditionEvent.violated(d, d.getDescription() + target));
                    }
                }
            }
        };
    }

    private static boolean isJdk(String p) {
        return p.startsWith("java.") || p.startsWith("javax.") || p.startsWith("jdk.");
    }
}
