package io.mmanet.config;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmanetConfigTest {

    @Test
    void unknownKeyIsRejectedAndNamed() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> MmanetConfig.load(null, List.of("nosuch.key=1")));
        assertTrue(e.getMessage().contains("'nosuch.key'"), e.getMessage());
    }

    @Test
    void misspelledKeyGetsAHint() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> MmanetConfig.load(null, List.of("mmanet.open-section=[]")));
        assertTrue(e.getMessage().contains("did you mean 'mmanet.open-sections'"), e.getMessage());
    }

    @Test
    void wronglyTypedValueIsRejectedAndNamed(@TempDir Path dir) throws Exception {
        // A number key set to a word, from a file: checkValid() alone would accept the string.
        Path referenceNumber = dir.resolve("ref-number.conf");
        Files.writeString(referenceNumber, "mmanet.open-sections = 5\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> MmanetConfig.load(referenceNumber, List.of()));
        assertTrue(e.getMessage().contains("mmanet.open-sections"), e.getMessage());
    }

    @Test
    void setOverridesWinOverTheFileAndFreeFormSectionsPass(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("user.conf");
        Files.writeString(file, "spark.conf { \"spark.executor.memory\" = 4g }\n");
        Config c = MmanetConfig.load(file, List.of("spark.conf.\"spark.executor.memory\"=8g"));
        assertEquals("8g", c.getString("spark.conf.\"spark.executor.memory\""));
    }

    @Test
    void missingConfFileIsNamed() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> MmanetConfig.load(Path.of("/nonexistent/x.conf"), List.of()));
        assertTrue(e.getMessage().contains("/nonexistent/x.conf"), e.getMessage());
    }

    @Test
    void overrideWithoutEqualsIsRejected() {
        assertThrows(ConfigValidationException.class, () -> MmanetConfig.load(null, List.of("justakey")));
    }

    @Test
    void anUnquotedUrlIsTakenWholeNotCutAtTheCommentMarker() {
        Config c = MmanetConfig.parseOverrides(List.of("mmanet.master=k8s://https://api.example:6443#x"));
        assertEquals("k8s://https://api.example:6443#x", c.getString("mmanet.master"));
    }
}
