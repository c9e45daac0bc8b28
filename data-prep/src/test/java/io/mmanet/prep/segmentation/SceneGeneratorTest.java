package io.mmanet.prep.segmentation;

import io.mmanet.prep.generate.SceneGenerator;
import io.mmanet.prep.generate.SceneKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The synthetic RGB-D scenes: deterministic per seed, and each modality blind to some classes. */
class SceneGeneratorTest {

    @TempDir
    Path tmp;

    @Test
    void sameSeedSameBytesAndEachModalityMissesSomeClasses() throws IOException {
        SceneGenerator.Written a = SceneGenerator.generate(SegmentationConfig.load("generate.missing-fraction=0"),
                tmp.resolve("a"));
        SceneGenerator.generate(SegmentationConfig.load("generate.missing-fraction=0"), tmp.resolve("b"));
        List<String> lines = Files.readAllLines(tmp.resolve("a/train_list.txt"));
        assertEquals(lines, Files.readAllLines(tmp.resolve("b/train_list.txt")));
        for (String f : lines.get(0).split(" ")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
        assertEquals(24, a.samplesPerSplit().values().stream().mapToInt(Integer::intValue).sum());

        // Per class over the whole corpus: mean red and mean depth relative to the wall behind.
        int k = SceneKind.values().length;
        double[] red = new double[k];
        double[] lift = new double[k];
        long[] n = new long[k];
        for (String split : List.of("train", "val", "test")) {
            for (String line : Files.readAllLines(tmp.resolve("a/" + split + "_list.txt"))) {
                String[] p = line.split(" ");
                BufferedImage rgb = ImageIO.read(tmp.resolve("a").resolve(p[0]).toFile());
                BufferedImage depth = ImageIO.read(tmp.resolve("a").resolve(p[1]).toFile());
                BufferedImage label = ImageIO.read(tmp.resolve("a").resolve(p[2]).toFile());
                assertEquals(BufferedImage.TYPE_USHORT_GRAY, depth.getType(), "16-bit depth");
                double wall = depth.getRaster().getSample(0, 0, 0);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int c = label.getRaster().getSample(x, y, 0);
                        red[c] += rgb.getRaster().getSample(x, y, 0);
                        lift[c] += wall - depth.getRaster().getSample(x, y, 0);
                        n[c]++;
                    }
                }
            }
        }
        long total = 0;
        for (int c = 0; c < k; c++) {
            assertTrue(n[c] > 0, "class " + SceneKind.values()[c] + " occurs");
            assertEquals(a.classPixels()[c], n[c]);
            total += n[c];
            red[c] /= n[c];
            lift[c] /= n[c];
        }
        assertEquals(24L * 32 * 32, total);
        int wall = SceneKind.WALL.ordinal();
        // RGB cannot tell the wall from boxes and balls; depth cannot tell it from posters.
        assertEquals(red[wall], red[SceneKind.BOX.ordinal()], 12);
        assertEquals(red[wall], red[SceneKind.BALL.ordinal()], 12);
        assertTrue(Math.abs(red[SceneKind.RED_POSTER.ordinal()] - red[wall]) > 40);
        assertTrue(Math.abs(lift[SceneKind.RED_POSTER.ordinal()] - lift[wall]) < 400, "posters lie on the wall");
        assertTrue(lift[SceneKind.BOX.ordinal()] - lift[wall] > 800, "boxes stand in front of the wall");
    }
}
