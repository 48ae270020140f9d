package org.hakmem.box.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule fails on a fixture that breaks it and passes on one that keeps it. */
class BoxRulesTest {

    private static final BoxLayout GOOD = new BoxLayout("fixture.good.api", "fixture.good.api",
            Map.of("box-a", "fixture.good.box.a", "box-b", "fixture.good.box.b"), Map.of(),
            List.of("fixture.good.wiring"));

    private static JavaClasses load(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }

    private static EvaluationResult eval(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes);
    }

    @Test
    void aTreeThatKeepsTheContractPassesEveryRule() {
        JavaClasses classes = load("fixture.good");
        assertEquals(4, classes.size(), "the fixture has an API, two boxes and the wiring");
        for (ArchRule r : BoxRules.all(GOOD)) {
            assertFalse(eval(r, classes).hasViolation(), r.getDescription());
        }
        assertDoesNotThrow(() -> BoxRules.checkAll(GOOD, classes));
    }

    @Test
    void aBoxUsingAnotherBoxBreaksTheBoxRule() {
        BoxLayout layout = new BoxLayout("fixture.good.api", "fixture.good.api",
                Map.of("box-a", "fixture.bad.boxtobox.a", "box-b", "fixture.bad.boxtobox.b"), Map.of(), List.of());
        JavaClasses classes = load("fixture.bad.boxtobox");
        EvaluationResult r = eval(BoxRules.boxesDependOnlyOnApiAndJdk(layout), classes);
        assertTrue(r.hasViolation());
        String report = r.getFailureReport().toString();
        assertTrue(report.contains(BoxRules.BOX_RULE), report);
        assertTrue(report.contains("OtherBox") && report.contains("(box box-b)"), report);
        assertFalse(eval(BoxRules.noCycles(layout), classes).hasViolation());
        AssertionError e = assertThrows(AssertionError.class, () -> BoxRules.checkAll(layout, classes));
        assertTrue(e.getMessage().contains(BoxRules.BOX_RULE), e.getMessage());
    }

    @Test
    void anApiNamingABoxBreaksTheApiRule() {
        BoxLayout layout = new BoxLayout("fixture.bad.apitobox.api", "fixture.bad.apitobox.api",
                Map.of("box", "fixture.bad.apitobox.box"), Map.of(), List.of());
        JavaClasses classes = load("fixture.bad.apitobox");
        EvaluationResult r = eval(BoxRules.apiDependsOnNoBox(layout), classes);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains(BoxRules.API_RULE));
        assertFalse(eval(BoxRules.boxesDependOnlyOnApiAndJdk(layout), classes).hasViolation());
    }

    @Test
    void codeOutsideTheWiringUsingABoxBreaksTheWiringRule() {
        JavaClasses classes = load("fixture.good", "fixture.bad.app");
        EvaluationResult r = eval(BoxRules.onlyWiringDependsOnBoxes(GOOD), classes);
        assertTrue(r.hasViolation());
        String report = r.getFailureReport().toString();
        assertTrue(report.contains(BoxRules.WIRING_RULE) && report.contains("fixture.bad.app.App"), report);
        assertFalse(eval(BoxRules.boxesDependOnlyOnApiAndJdk(GOOD), classes).hasViolation());
        assertFalse(eval(BoxRules.noCycles(GOOD), classes).hasViolation());
    }

    @Test
    void packagesUsingEachOtherBreakTheCycleRuleOnly() {
        BoxLayout layout = GOOD.withWiring("fixture.bad.cycle.w1").withWiring("fixture.bad.cycle.w2");
        JavaClasses classes = load("fixture.bad.cycle");
        EvaluationResult r = eval(BoxRules.noCycles(layout), classes);
        assertTrue(r.hasViolation());
        assertTrue(r.getFailureReport().toString().contains(BoxRules.CYCLE_RULE));
        assertFalse(eval(BoxRules.boxesDependOnlyOnApiAndJdk(layout), classes).hasViolation());
        assertFalse(eval(BoxRules.onlyWiringDependsOnBoxes(layout), classes).hasViolation());
    }

    @Test
    void aUsersOwnBoxIsCheckedInOneLine() {
        BoxLayout layout = BoxLayout.hakmem().withBox("my-box", "fixture.bad.boxtobox.a");
        JavaClasses classes = load("fixture.bad.boxtobox.a");
        AssertionError e = assertThrows(AssertionError.class, () -> BoxRules.checkAll(layout, classes));
        assertTrue(e.getMessage().contains(BoxRules.BOX_RULE), e.getMessage());
    }

    @Test
    void aBoxModuleRequiringAnotherBoxBreaksTheJpmsRule(@TempDir Path dir) throws IOException {
        Path api = compileModule(dir, "fake.api", "", null);
        Path other = compileModule(dir, "fake.box.b", "", null);
        Path good = compileModule(dir, "fake.box.c", "requires fake.api;", api);
        Path bad = compileModule(dir, "fake.box.a", "requires fake.api; requires fake.box.b;", api + File.pathSeparator + other);
        BoxLayout layout = new BoxLayout("fake.api", "fake.api",
                Map.of("a", "fake.box.a", "b", "fake.box.b", "c", "fake.box.c"),
                Map.of("a", "fake.box.a", "b", "fake.box.b", "c", "fake.box.c"), List.of());
        assertDoesNotThrow(() -> BoxRules.checkModuleDescriptor(layout, good));
        assertDoesNotThrow(() -> BoxRules.checkModuleDescriptor(layout, api));
        AssertionError e = assertThrows(AssertionError.class, () -> BoxRules.checkModuleDescriptor(layout, bad));
        assertTrue(e.getMessage().contains(BoxRules.JPMS_RULE) && e.getMessage().contains("[fake.box.b]"), e.getMessage());
    }

    /** Compiles a one-class module named {@code name} with the given requires; returns its classes folder. */
    private static Path compileModule(Path dir, String name, String requires, Object modulePath) throws IOException {
        Path src = dir.resolve("src-" + name);
        Path pkg = src.resolve(name.replace('.', '/'));
        Files.createDirectories(pkg);
        Files.writeString(src.resolve("module-info.java"), "module " + name + " { " + requires + " exports " + name + "; }");
        Files.writeString(pkg.resolve("Marker.java"), "package " + name + "; public final class Marker {}");
        Path out = dir.resolve("out-" + name);
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        List<String> args = new ArrayList<>(List.of("-d", out.toString()));
        if (modulePath != null) {
            args.addAll(List.of("--module-path", modulePath.toString()));
        }
        args.add(src.resolve("module-info.java").toString());
        args.add(pkg.resolve("Marker.java").toString());
        int rc = javac.run(System.out, System.err, args.toArray(new String[0]));
        assertEquals(0, rc, "javac of fixture module " + name);
        return out;
    }
}
