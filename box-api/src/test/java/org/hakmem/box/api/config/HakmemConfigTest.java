package org.hakmem.box.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Precedence builder > properties > environment > default, and clear errors. */
class HakmemConfigTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        HakmemConfig c = HakmemConfig.defaults();
        assertTrue(c.tinyWide());
        assertEquals(32832, c.tinyMaxSize());
        assertFalse(c.smallMidEnabled());
        assertTrue(c.tinySharedPool());
        assertEquals(8L << 20, c.superSlabSize());
        assertEquals(4L << 20, c.slabSize());
        assertEquals(GuardPolicy.THROW, c.guardPolicy());
        assertEquals(CheckLevel.DEFAULT, c.checkLevel());
        assertEquals(HakmemOption.values().length, c.asMap().size());
    }

    @Test
    void builderBeatsPropertiesBeatsEnvironmentBeatsDefault() {
        Map<String, String> env = Map.of("HAKMEM_TINY_MAX_CLASS", "5", "HAKMEM_SMALLMID_ENABLE", "1", "HAKMEM_TINY_TLS_SLL", "1");
        HakmemConfig fromEnv = HakmemConfig.builder().properties(new Properties()).environment(env).build();
        assertEquals(5, fromEnv.tinyMaxClass());
        assertEquals(255, fromEnv.tinyMaxSize());
        assertTrue(fromEnv.smallMidEnabled());
        assertEquals("intrusive", fromEnv.tinyFreeList(), "the seed's 1 means the intrusive list");

        HakmemConfig fromProps = HakmemConfig.builder().properties(props("hakmem.tiny.maxClass", "6")).environment(env).build();
        assertEquals(6, fromProps.tinyMaxClass());
        assertTrue(fromProps.smallMidEnabled(), "unset properties fall through to the environment");

        HakmemConfig fromBuilder = HakmemConfig.builder().properties(props("hakmem.tiny.maxClass", "6")).environment(env)
                .set(HakmemOption.TINY_MAX_CLASS, 4).build();
        assertEquals(4, fromBuilder.tinyMaxClass());
    }

    @Test
    void theSeedsSwitchesTurnTheWideDefaultOffAndTheSlabSizesFollow() {
        for (Map<String, String> env : List.of(Map.of("HAKMEM_SMALLMID_ENABLE", "1"), Map.of("HAKMEM_TINY_MAX_CLASS", "7"),
                Map.of("HAKMEM_TINY_WIDE", "0"))) {
            HakmemConfig c = HakmemConfig.builder().properties(new Properties()).environment(env).build();
            assertFalse(c.tinyWide(), env.toString());
            assertEquals(1023, c.tinyMaxSize(), env.toString());
            assertEquals(64L << 10, c.slabSize(), env + ": Tiny's own classes take the seed's 64 KiB slabs");
            assertEquals(4L << 20, c.superSlabSize(), env.toString());
        }
        HakmemConfig given = HakmemConfig.builder().properties(props("hakmem.slab.size", "1m"))
                .environment(Map.of("HAKMEM_TINY_WIDE", "0")).build();
        assertEquals(1L << 20, given.slabSize(), "a slab size that is given stays");
        assertEquals(4L << 20, given.superSlabSize());
        HakmemConfig wideAnyway = HakmemConfig.builder().properties(new Properties())
                .environment(Map.of("HAKMEM_TINY_MAX_CLASS", "5", "HAKMEM_TINY_WIDE", "1")).build();
        assertTrue(wideAnyway.tinyWide(), "a wide Tiny that is asked for stays wide");
        assertEquals(4L << 20, wideAnyway.slabSize());
        ConfigException both = assertThrows(ConfigException.class, () -> HakmemConfig.builder().properties(new Properties())
                .environment(Map.of("HAKMEM_SMALLMID_ENABLE", "1", "HAKMEM_TINY_WIDE", "1")).build());
        assertTrue(both.getMessage().contains("exclude each other"), both.getMessage());
    }

    @Test
    void sizesTakeSuffixes() {
        HakmemConfig c = HakmemConfig.builder().properties(props("hakmem.superslab.size", "8M", "hakmem.slab.size", "128k"))
                .environment(Map.of()).build();
        assertEquals(8L << 20, c.superSlabSize());
        assertEquals(128L << 10, c.slabSize());
    }

    @Test
    void anInvalidValueNamesOptionValueSourceAndWhatIsAllowed() {
        ConfigException e = assertThrows(ConfigException.class, () -> HakmemConfig.builder()
                .properties(new Properties()).environment(Map.of("HAKMEM_TINY_MAX_CLASS", "9")).build());
        assertTrue(e.getMessage().contains("hakmem.tiny.maxClass"), e.getMessage());
        assertTrue(e.getMessage().contains("HAKMEM_TINY_MAX_CLASS"), e.getMessage());
        assertTrue(e.getMessage().contains("'9'"), e.getMessage());
        assertTrue(e.getMessage().contains("environment variable"), e.getMessage());
        assertTrue(e.getMessage().contains("an integer from 0 to 7"), e.getMessage());

        ConfigException p = assertThrows(ConfigException.class, () -> HakmemConfig.builder()
                .properties(props("hakmem.superslab.size", "3m")).environment(Map.of()).build());
        assertTrue(p.getMessage().contains("a power of two") && p.getMessage().contains("system property"), p.getMessage());

        ConfigException b = assertThrows(ConfigException.class, () -> HakmemConfig.builder()
                .properties(new Properties()).environment(Map.of()).set(HakmemOption.GUARD_POLICY, "explode").build());
        assertTrue(b.getMessage().contains("one of throw, log, count") && b.getMessage().contains("the builder"), b.getMessage());
    }

    @Test
    void aMisspelledPropertyIsNotIgnored() {
        ConfigException e = assertThrows(ConfigException.class, () -> HakmemConfig.builder()
                .properties(props("hakmem.tiny.maxclass", "5")).environment(Map.of()).build());
        assertTrue(e.getMessage().contains("unknown hakmem option") && e.getMessage().contains("hakmem.tiny.maxClass"), e.getMessage());
    }

    @Test
    void optionsThatContradictEachOtherAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> HakmemConfig.builder()
                .properties(props("hakmem.superslab.size", "1m", "hakmem.slab.size", "1m")).environment(Map.of()).build());
        assertTrue(e.getMessage().contains("hakmem.slab.size") && e.getMessage().contains("at most half"), e.getMessage());
    }
}
