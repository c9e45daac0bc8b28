package io.mmanet.prep.generate;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusGeneratorTest {

    static Config config(String... sets) {
        List<String> all = new ArrayList<>(List.of("generate.samples=60", "generate.image-size=32"));
        all.addAll(List.of(sets));
        return MmanetConfig.load(null, all);
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
        CorpusGenerator.generate(config(), tmp.resolve("a"));
        CorpusGenerator.generate(config(), tmp.resolve("b"));
        CorpusGenerator.generate(config("generate.seed=8"), tmp.resolve("c"));
        List<Path> a = files(tmp.resolve("a"));
        assertEquals(files(tmp.resolve("b")).size(), a.size());
        assertEquals(3 + 60 * 3, a.size(), "3 list files and 3 PNGs per sample");
        boolean anyDifferent = false;
        for (Path f : a) {
            Path rel = tmp.resolve("a").relativize(f);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("b").resolve(rel)), rel.toString());
            Path other = tmp.resolve("c").resolve(rel);
            anyDifferent |= !Files.exists(other) || !java.util.Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(other));
        }
        assertTrue(anyDifferent, "seed 8 must give a different corpus");
    }

    @Test
    void writesCasiaSurfListsWithRealPngsOfTheConfiguredChannels(@TempDir Path tmp) throws IOException {
        GeneratedCorpus g = CorpusGenerator.generate(config(), tmp);
        assertEquals(60, g.samplesPerSplit().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(42, g.samplesPerSplit().get("train"));
        assertEquals(9, g.samplesPerSplit().get("val"));
        assertEquals(9, g.samplesPerSplit().get("test"));
        List<String> lines = Files.readAllLines(tmp.resolve("train_list.txt"));
        assertEquals(42, lines.size());
        int real = 0;
        for (String line : lines) {
            String[] cells = line.split(" ");
            assertEquals(4, cells.length, line);
            assertTrue(cells[3].equals("0") || cells[3].equals("1"), line);
            real += cells[3].equals("1") ? 1 : 0;
            assertTrue(cells[0].startsWith("train/" + (cells[3].equals("1") ? "real/" : "fake_")), line);
            BufferedImage rgb = ImageIO.read(tmp.resolve(cells[0]).toFile());
            BufferedImage depth = ImageIO.read(tmp.resolve(cells[1]).toFile());
            assertEquals(32, rgb.getWidth());
            assertEquals(3, rgb.getRaster().getNumBands());
            assertEquals(1, depth.getRaster().getNumBands());
        }
        assertTrue(real > 5 && real < 35, "about 40% bona fide, got " + real);
    }

    @Test
    void missingFractionWritesTheMarkerButNeverDropsEveryModality(@TempDir Path tmp) throws IOException {
        GeneratedCorpus g = CorpusGenerator.generate(config("generate.missing-fraction=0.5"), tmp);
        assertTrue(g.incomplete() > 10 && g.incomplete() < 50, "incomplete " + g.incomplete());
        int marked = 0;
        for (String list : List.of("train_list.txt", "val_list.txt", "test_list.txt")) {
            for (String line : Files.readAllLines(tmp.resolve(list))) {
                long dashes = Stream.of(line.split(" ")).filter("-"::equals).count();
                assertTrue(dashes < 3, line);
                marked += dashes > 0 ? 1 : 0;
            }
        }
        assertEquals(g.incomplete(), marked);
    }

    @Test
    void depthShowsReliefForBonaFideAndAPlaneForAttacksWhenFullyInformative(@TempDir Path tmp) throws IOException {
        CorpusGenerator.generate(config("generate.informativeness.depth=1", "generate.noise=0"), tmp);
        double realSpread = 0;
        double fakeSpread = 0;
        int nReal = 0;
        int nFake = 0;
        for (String line : Files.readAllLines(tmp.resolve("train_list.txt"))) {
            String[] c = line.split(" ");
            BufferedImage d = ImageIO.read(tmp.resolve(c[1]).toFile());
            double spread = centreSpread(d);
            if (c[3].equals("1")) {
                realSpread += spread;
                nReal++;
            } else {
                fakeSpread += spread;
                nFake++;
            }
        }
        assertTrue(realSpread / nReal > 3 * (fakeSpread / nFake),
                "relief " + realSpread / nReal + " vs flat " + fakeSpread / nFake);
    }

    /** Standard deviation of depth over the central quarter of the image. */
    private static double centreSpread(BufferedImage d) {
        int w = d.getWidth();
        double s = 0;
        double q = 0;
        int n = 0;
        for (int y = w * 3 / 8; y < w * 5 / 8; y++) {
            for (int x = w * 3 / 8; x < w * 5 / 8; x++) {
                int v = d.getRaster().getSample(x, y, 0);
                s += v;
                q += v * v;
                n++;
            }
        }
        return Math.sqrt(q / n - (s / n) * (s / n));
    }

    @Test
    void rejectsSettingsItCannotHonour() {
        assertThrows(ConfigValidationException.class, () -> GenerateSettings.fromConfig(
                config("generate.split-fractions=[0.5, 0.5]")));
        assertThrows(ConfigValidationException.class, () -> GenerateSettings.fromConfig(
                config("generate.attack-types=[mask]")));
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> GenerateSettings.fromConfig(
                config("modalities=[{name=rgb, channels=3}, {name=thermal, channels=1}]")));
        assertTrue(e.getMessage().contains("thermal"), e.getMessage());
        assertFalse(GenerateSettings.fromConfig(config()).attackTypes().isEmpty());
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
