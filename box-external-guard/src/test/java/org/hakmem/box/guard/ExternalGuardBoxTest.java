package org.hakmem.box.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hakmem.box.api.GuardReason;
import org.hakmem.box.api.InvalidPointerException;
import org.hakmem.box.api.config.GuardPolicy;
import org.junit.jupiter.api.Test;

/** Policies, counts by reason and the threshold report. */
class ExternalGuardBoxTest {

    @Test
    void throwPolicyNamesTheAddressAndTheReason() {
        ExternalGuardBox g = new ExternalGuardBox(GuardPolicy.THROW, false, false, 10, s -> { });
        InvalidPointerException e = assertThrows(InvalidPointerException.class,
                () -> g.reject("free", 0x7f00_dead_bee8L, GuardReason.INTERIOR));
        assertEquals(0x7f00_dead_bee8L, e.address());
        assertEquals(GuardReason.INTERIOR, e.reason());
        assertTrue(e.getMessage().contains("free(0x7f00deadbee8)") && e.getMessage().contains("inside a block"), e.getMessage());
        assertEquals(1, g.rejectedCount(GuardReason.INTERIOR));
        g.checkInvariants();
    }

    @Test
    void countPolicyCountsByReasonAndReportsAtTheThreshold() {
        List<String> reports = new ArrayList<>();
        ExternalGuardBox g = new ExternalGuardBox(GuardPolicy.COUNT, false, true, 3, reports::add);
        g.reject("free", 1, GuardReason.FOREIGN);
        g.reject("free", 2, GuardReason.FOREIGN);
        assertTrue(reports.isEmpty());
        g.reject("free", 3, GuardReason.UNALIGNED);
        assertEquals(1, reports.size());
        String r = reports.get(0);
        assertTrue(r.contains("3 refused") && r.indexOf("foreign: 2") < r.indexOf("unaligned: 1"), r);
        assertEquals(3, g.rejectedCount());
        assertEquals(2, g.stats().counter("rejected.foreign"));
        g.checkInvariants();
    }

    @Test
    void logPolicyLogsOncePerSiteAndGoesOn() {
        ExternalGuardBox g = new ExternalGuardBox(GuardPolicy.LOG, false, false, 100, s -> { });
        for (int i = 0; i < 5; i++) {
            g.reject("free", 8L * i, GuardReason.ALREADY_FREE);
        }
        assertEquals(5, g.rejectedCount(GuardReason.ALREADY_FREE));
        assertTrue(g.report().contains("call sites: 1"), g.report());
    }
}
