package org.hakmem.box.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hakmem.box.api.config.HakmemOption;
import org.junit.jupiter.api.Test;

/** The README's option table names every option with its property, variable and default. */
class ReadmeOptionsTest {

    @Test
    void everyOptionIsDocumented() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (HakmemOption o : HakmemOption.values()) {
            String row = "| `" + o.property() + "` | `" + o.environment() + "` | " + o.defaultText() + " |";
            assertTrue(readme.contains(row), "README.md lacks the row for " + o + ": " + row);
        }
    }
}
