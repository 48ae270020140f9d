package org.hakmem.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line refuses what it cannot run, naming the argument and the value, before it measures anything. */
class MainArgumentsTest {

    @Test
    void roundsDefaultToOneAndTakeAWholeNumber() {
        assertEquals(1, Main.rounds(null));
        assertEquals(3, Main.rounds("3"));
        assertEquals(99, Main.rounds("99"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100", "three", "", "2.5"})
    void aBadRoundCountIsRefusedByName(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.rounds(value));
        assertTrue(e.getMessage().contains("--rounds") && e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void roundsAreForTheComparisonOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"ab", "--workload", "fixed-16", "--a", "k=v", "--b", "k=w", "--rounds", "3"}));
        assertTrue(e.getMessage().contains("--rounds is for the comparison only"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Main.run(new String[] {"--rounds"}), "a flag without its value");
    }
}
