package com.example.onebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.hakmem.box.api.AddressRegistry;
import org.hakmem.box.api.NativeMemory;
import org.hakmem.box.conformance.BoxLayout;
import org.hakmem.box.conformance.BoxRules;
import org.hakmem.box.superslab.SuperSlabSource;
import org.junit.jupiter.api.Test;

/** box-superslab used on its own: an aligned native-region provider with an address map. */
class OneBoxTest {

    @Test
    void alignedRegionsFromOneBox() {
        SuperSlabSource regions = SuperSlabSource.standalone();
        long base = regions.acquireRegion(1, "mine");
        assertEquals(0, base % regions.regionSize());
        NativeMemory.putLong(base + regions.regionSize() - 8, 42);
        assertEquals(42, NativeMemory.getLong(base + regions.regionSize() - 8));
        assertEquals("mine", regions.registry().attachmentOf(base + 12345));
        regions.releaseRegion(base);
        assertEquals(AddressRegistry.NOT_OURS, regions.registry().ownerOf(base));
        regions.trim();
    }

    @Test
    void aBoxOfOurOwnKeepsContractD() {
        // Our own "box" lives in com.example.onebox.mybox; this is all it takes to check it.
        JavaClasses classes = new ClassFileImporter().importPackages("com.example.onebox.mybox", "org.hakmem.box.api");
        BoxRules.checkAll(BoxLayout.hakmem().withBox("my-box", "com.example.onebox.mybox"), classes);
    }

    @Test
    void andTheRulesCatchABoxThatReachesIntoAnother() {
        JavaClasses classes = new ClassFileImporter().importPackages("com.example.onebox.badbox", "org.hakmem.box.superslab");
        AssertionError e = assertThrows(AssertionError.class,
                () -> BoxRules.checkAll(BoxLayout.hakmem().withBox("bad-box", "com.example.onebox.badbox"), classes));
        assertEquals(true, e.getMessage().contains(BoxRules.BOX_RULE), e.getMessage());
    }
}
