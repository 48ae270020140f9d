package org.hakmem.box.routing;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event for {@link Hakmem#trim()}: how long it took and what it gave back. */
@Name("org.hakmem.Trim")
@Label("hakmem trim")
@Category({"hakmem", "OS memory"})
@Description("Cached and empty memory given back to the operating system")
final class TrimEvent extends jdk.jfr.Event {

    @Label("Unmapped")
    @DataAmount
    long unmapped;

    @Label("Mapped After")
    @DataAmount
    long mappedAfter;
}
