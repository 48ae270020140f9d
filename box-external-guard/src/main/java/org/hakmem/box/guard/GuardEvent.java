package org.hakmem.box.guard;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event for every address the guard refused, with the caller's stack. */
@Name("org.hakmem.GuardHit")
@Label("Pointer refused by hakmem")
@Category({"hakmem", "Safety"})
@Description("An address that no hakmem box owns, or that is not a block start, was refused")
@StackTrace(true)
final class GuardEvent extends jdk.jfr.Event {

    @Label("Operation")
    String operation;

    @Label("Address")
    long address;

    @Label("Reason")
    String reason;

    @Label("Size Band")
    String sizeBand;
}
