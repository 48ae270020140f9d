package org.hakmem.box.superslab;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event for a SuperSlab mapped from or unmapped to the OS: the rare event worth seeing on a
 * timeline ({@code jfr print --events org.hakmem.SuperSlab recording.jfr}). Committed only on
 * those paths; disabled, it costs nothing.
 */
@Name("org.hakmem.SuperSlab")
@Label("SuperSlab mapped or unmapped")
@Category({"hakmem", "OS memory"})
@Description("A SuperSlab of hakmem was mapped from, or unmapped to, the operating system")
final class SuperSlabEvent extends jdk.jfr.Event {

    @Label("Source")
    String source;

    @Label("Action")
    @Description("map or unmap")
    String action;

    @Label("Address")
    long address;

    @Label("Size")
    @DataAmount
    long size;

    /** Commits one event when JFR records it. */
    static void emit(String source, String action, long address, long size) {
        SuperSlabEvent e = new SuperSlabEvent();
        if (e.shouldCommit()) {
            e.source = source;
            e.action = action;
            e.address = address;
            e.size = size;
            e.commit();
        }
    }
}
