package com.example.onebox.badbox;

import org.hakmem.box.superslab.SuperSlabSource;

/** A box that breaks Contract D on purpose: it uses box-superslab directly. */
public final class ReachesIntoSuperslab {
    private ReachesIntoSuperslab() {}

    /** Uses another box. */
    public static long size() {
        return SuperSlabSource.standalone().regionSize();
    }
}
