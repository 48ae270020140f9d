package org.hakmem.box.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rules on hakmem's own tree: every box module as built by this reactor (main classes, not
 * tests). Adding a dependency from one box to another makes this test fail, naming the rule.
 */
class HakmemTreeConformanceTest {

    private static final String[] MODULE_FOLDERS = {
        "box-api", "box-superslab", "box-shared-pool", "box-tls-sll", "box-tiny-front", "box-smallmid",
        "box-pool-tls", "box-external-guard", "box-routing",
    };

    @Test
    void everyBoxKeepsContractD() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hakmem.box");
        BoxLayout layout = BoxLayout.hakmem();
        for (String pkg : layout.boxes().values()) {
            assertTrue(classes.containPackage(pkg), "no classes imported from " + pkg + ": the check would be vacuous");
        }
        assertTrue(classes.containPackage(layout.apiPackage()));
        assertTrue(classes.containPackage("org.hakmem.box.routing"));
        BoxRules.checkAll(layout, classes);
    }

    @Test
    void everyBoxModuleRequiresOnlyTheApi() {
        for (String folder : MODULE_FOLDERS) {
            Path classes = Path.of("..", folder, "target", "classes");
            assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "no module-info.class in " + classes);
            BoxRules.checkModuleDescriptor(BoxLayout.hakmem(), classes);
        }
    }
}
