package io.mmanet.jobs.eval;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskPainterTest {

    /** PASCAL VOC's palette at index class + 1, written out by hand. */
    @Test
    void paletteIsVocShiftedByOneSoBlackIsOnlyTheIgnoreLabel() {
        assertEquals(0x800000, MaskPainter.colour(0));
        assertEquals(0x008000, MaskPainter.colour(1));
        assertEquals(0x808000, MaskPainter.colour(2));
        assertEquals(0x000080, MaskPainter.colour(3));
        assertEquals(0x800080, MaskPainter.colour(4));
        assertEquals(0x008080, MaskPainter.colour(5));
        assertEquals(0x808080, MaskPainter.colour(6));
        assertEquals(0x400000, MaskPainter.colour(7)); // index 8: bit 3 -> R's second bit
        Set<Integer> seen = new HashSet<>();
        for (int c = 0; c < 255; c++) {
            assertNotEquals(MaskPainter.IGNORE_RGB, MaskPainter.colour(c), "class " + c);
            assertTrue(seen.add(MaskPainter.colour(c)), "class " + c + " repeats a colour");
        }
        assertEquals("#808000", MaskPainter.hex(MaskPainter.colour(2)));
    }

    /** A known 2x3 label array, enlarged 2x: every block has its class' colour, ignored pixels black; PNG round trip. */
    @Test
    void maskPaintsEachLabelPixelAsAScaledBlockInItsColour() throws Exception {
        int[] labels = {0, 1, 255, 2, 2, 5};
        BufferedImage img = MaskPainter.mask(labels, 2, 3, 255, 2);
        assertEquals(6, img.getWidth());
        assertEquals(4, img.getHeight());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(MaskPainter.png(img)));
        int[][] expected = {{0x800000, 0x008000, 0x000000}, {0x808000, 0x808000, 0x008080}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(expected[y / 2][x / 2], png.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    /** Inputs back in 0-255 from (x - 127.5) / 128: RGB from three channels, grey from one (depth). */
    @Test
    void modalityUndoesTheNormalisation() {
        float[] rgb = {norm(255), norm(0), norm(10), norm(20), norm(100), norm(200)}; // 1x2, CHW
        BufferedImage img = MaskPainter.modality(rgb, 3, 1, 2, 1);
        assertEquals(0xFF0A64, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x0014C8, img.getRGB(1, 0) & 0xFFFFFF);
        BufferedImage depth = MaskPainter.modality(new float[] {norm(7), 5f}, 1, 1, 2, 1);
        assertEquals(0x070707, depth.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, depth.getRGB(1, 0) & 0xFFFFFF, "clamped to 255");
    }

    @Test
    void smallImagesAreEnlargedToAboutTheTargetSizeAndBadShapesRefused() {
        assertEquals(4, MaskPainter.scale(32, 32));
        assertEquals(3, MaskPainter.scale(48, 40));
        assertEquals(1, MaskPainter.scale(480, 640));
        assertThrows(IllegalArgumentException.class, () -> MaskPainter.mask(new int[5], 2, 3, 255, 1));
        assertThrows(IllegalArgumentException.class, () -> MaskPainter.modality(new float[5], 3, 1, 2, 1));
    }

    /** The report's grid: one row per sample, n/a where a combination's modality is missing. */
    @Test
    void galleryRendersAGridWithLegendInHtmlAndMarkdown() {
        MaskGallery g = new MaskGallery(List.of("rgb (input)", "ground truth", "mmanet rgb"), List.of(
                new MaskGallery.Sample("scene-1", List.of("masks/a.png", "masks/b.png", "masks/c.png")),
                new MaskGallery.Sample("scene-2", java.util.Arrays.asList("masks/d.png", "masks/e.png", null))),
                List.of("wall", "box"), "ignored (label 255)");
        assertEquals(List.of("masks/a.png", "masks/b.png", "masks/c.png", "masks/d.png", "masks/e.png"), g.images());
        String html = g.html();
        assertEquals(5, html.split("<img ").length - 1);
        assertTrue(html.contains("<th>mmanet rgb</th>"), html);
        assertTrue(html.contains("background:#800000\"></span> wall"), html);
        assertTrue(html.contains("background:#000000\"></span> ignored (label 255)"), html);
        String md = g.markdown();
        assertTrue(md.contains("| scene-2 | ![rgb (input)](masks/d.png) | ![ground truth](masks/e.png) | n/a |"), md);
        assertTrue(md.contains("box `#008000`"), md);
    }

    private static float norm(int v) {
        return (v - 127.5f) / 128f;
    }
}
