package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's figures stay readable at both ends: one decimal where large, two significant digits where tiny. */
class ReportFormatTest {

    @Test
    void throughputKeepsTwoSignificantDigitsBelowOneMillion() {
        assertEquals("801.6", Report.mops(801.63e6));
        assertEquals("1.0", Report.mops(1.0e6));
        assertEquals("1.0", Report.mops(999_600), "rounds first, then picks the format");
        assertEquals("0.029", Report.mops(28_940));
        assertEquals("0.50", Report.mops(0.5e6));
        assertEquals("0.0", Report.mops(0));
        assertEquals("–", Report.mops(Double.NaN), "a missing score never throws");
    }

    @Test
    void ratiosKeepTwoSignificantDigitsBelowATenth() {
        assertEquals("1.07x", Report.times(1.0712));
        assertEquals("0.10x", Report.times(0.1));
        assertEquals("0.10x", Report.times(0.0999), "rounds first, then picks the format");
        assertEquals("0.00021x", Report.times(0.000213));
        assertEquals("0.031x", Report.times(0.0309));
        assertEquals("0.00x", Report.times(0));
        assertEquals("–", Report.times(Double.NaN));
        assertEquals("–", Report.times(Double.POSITIVE_INFINITY));
        assertEquals("–", Report.times(Double.NEGATIVE_INFINITY));
    }

    @Test
    void anExperimentSubjectGetsItsNoteOnlyWhenItRan() {
        String with = new Report(Map.of(), "quick", List.of("mixed-wide"), List.of("hakmem-heap", "floor", "mid-only", "tiny-only"))
                .markdown();
        String without = new Report(Map.of(), "quick", List.of("mixed-wide"), List.of("hakmem-heap", "floor")).markdown();
        assertTrue(with.contains("- mid-only: ") && with.contains("- tiny-only: ") && with.contains("4 MiB slabs"), with);
        assertFalse(without.contains("mid-only") || without.contains("tiny-only"), without);
    }

    @Test
    void theConvenienceApiGetsItsOwnTableOnlyBesideFloorTl() {
        String with = new Report(Map.of(), "quick", List.of("random-mixed"), List.of("hakmem-heap", "hakmem", "floor", "floor-tl"))
                .markdown();
        String without = new Report(Map.of(), "quick", List.of("random-mixed"), List.of("hakmem-heap", "hakmem", "floor")).markdown();
        assertTrue(with.contains("## hakmem (convenience API)") && with.contains("| workload | vs floor | vs floor-tl |"), with);
        assertFalse(without.contains("## hakmem (convenience API)"), without);
        assertFalse(with.contains("floor-cached"), with);
        String cached = new Report(Map.of(), "quick", List.of("random-mixed"),
                List.of("hakmem-heap", "hakmem", "floor", "floor-tl", "floor-cached")).markdown();
        assertTrue(cached.contains("| workload | vs floor | vs floor-tl | vs floor-cached |\n|---|---:|---:|---:|\n"), cached);
        assertTrue(cached.contains("- floor-cached: "), cached);
    }
}
