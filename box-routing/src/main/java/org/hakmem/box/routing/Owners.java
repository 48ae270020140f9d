package org.hakmem.box.routing;

/** The owner ids the wiring registers each box's memory with (see {@code AddressRegistry}). */
final class Owners {
    static final int TINY = 1;
    static final int SMALLMID = 2;
    static final int MID = 3;
    static final int LARGE = 4;

    private Owners() {}
}
