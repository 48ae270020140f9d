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
        String with = new Report(Map.of(), "quick", 1, List.of("mixed-wide"), List.of("hakmem-heap", "floor", "mid-only", "tiny-only"))
                .markdown();
        String without = new Report(Map.of(), "quick", 1, List.of("mixed-wide"), List.of("hakmem-heap", "floor")).markdown();
        assertTrue(with.contains("- mid-only: ") && with.contains("- tiny-only: ") && with.contains("4 MiB slabs"), with);
        assertFalse(without.contains("mid-only") || without.contains("tiny-only"), without);
    }

    @Test
    void theConvenienceApiGetsItsOwnTableOnlyBesideFloorTl() {
        String with = new Report(Map.of(), "quick", 1, List.of("random-mixed"), List.of("hakmem-heap", "hakmem", "floor", "floor-tl"))
                .markdown();
        String without = new Report(Map.of(), "quick", 1, List.of("random-mixed"), List.of("hakmem-heap", "hakmem", "floor")).markdown();
        assertTrue(with.contains("## hakmem (convenience API)") && with.contains("| workload | vs floor | vs floor-tl |"), with);
        assertFalse(without.contains("## hakmem (convenience API)"), without);
        assertFalse(with.contains("floor-cached"), with);
        String cached = new Report(Map.of(), "quick", 1, List.of("random-mixed"),
                List.of("hakmem-heap", "hakmem", "floor", "floor-tl", "floor-cached")).markdown();
        assertTrue(cached.contains("| workload | vs floor | vs floor-tl | vs floor-cached |\n|---|---:|---:|---:|\n"), cached);
        assertTrue(cached.contains("- floor-cached: "), cached);
    }

    @Test
    void aCellOfSeveralRoundsReportsTheMedianOfItsRoundsAndListsEach() {
        Report r = new Report(Map.of(), "quick", 3, List.of("random-mixed"), List.of("hakmem-heap", "floor"));
        // The floor's second fork ran slow: the median keeps it from deciding the ratio.
        double[][] rounds = {{230e6, 280e6}, {235e6, 175e6}, {228e6, 276e6}};
        for (double[] round : rounds) {
            r.add(new Report.Cell("random-mixed", "hakmem-heap", new JmhRun.Score(round[0], round[0] - 1e6, round[0] + 1e6, 5)));
            r.add(new Report.Cell("random-mixed", "floor", new JmhRun.Score(round[1], round[1] - 1e6, round[1] + 1e6, 5)));
        }
        assertEquals(230e6 / 276e6, r.ratioToFloor("random-mixed", "hakmem-heap"), 1e-12);
        String md = r.markdown();
        assertTrue(md.contains("median of 3 rounds"), md);
        assertTrue(md.contains("| random-mixed | floor | 280.0 | 175.0 | 276.0 | 276.0 | 1.60x |"), md);
        assertTrue(md.contains("| random-mixed | hakmem-heap | 230.0 | 235.0 | 228.0 | 230.0 | 1.03x |"), md);
        String csv = r.csv();
        assertTrue(csv.contains("random-mixed,floor,276000000,174000000,281000000,15,1.0000,280000000;175000000;276000000"), csv);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        JmhRun.Score s = Report.acrossRounds(List.of(new JmhRun.Score(4, 3, 5, 2), new JmhRun.Score(1, 1, 1, 2),
                new JmhRun.Score(2, 2, 2, 2), new JmhRun.Score(9, 8, 10, 2)));
        assertEquals(new JmhRun.Score(3, 1, 10, 8), s);
    }

    @Test
    void aSingleRoundShowsNoRoundTable() {
        Report r = new Report(Map.of(), "quick", 1, List.of("fixed-16"), List.of("hakmem-heap", "floor"));
        r.add(new Report.Cell("fixed-16", "floor", new JmhRun.Score(700e6, 690e6, 710e6, 5)));
        assertFalse(r.markdown().contains("Round by round"));
        assertTrue(r.csv().contains("fixed-16,floor,700000000,690000000,710000000,5,1.0000,700000000\n"), r.csv());
    }
}
