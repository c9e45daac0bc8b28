package io.mmanet.prep.segmentation;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.prep.TestImages;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.corpus.CorpusTask;
import io.mmanet.prep.image.LabelImage;
import io.mmanet.prep.image.PixelExtractor;
import io.mmanet.prep.image.StoredImage;
import io.mmanet.prep.ingest.CorpusFormatException;
import io.mmanet.prep.ingest.ListLineParser;
import io.mmanet.prep.ingest.ManifestTableParser;
import io.mmanet.prep.ingest.ParsedLine;
import io.mmanet.prep.manifest.ClassWeights;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segmentation settings, row parsing, 16-bit decoding and class weights (no Spark). */
class SegmentationUnitsTest {

    static final CorpusSettings SETTINGS = CorpusSettings.fromConfig(SegmentationConfig.load());

    @Test
    void theTaskIsATypedSettingCheckedOnce() {
        assertEquals(CorpusTask.SEGMENTATION, SETTINGS.task());
        assertEquals(255, SETTINGS.ignoreLabel());
        assertEquals(CorpusTask.CLASSIFICATION, CorpusSettings.fromConfig(io.mmanet.config.MmanetConfig.load(null,
                java.util.List.of())).task());
        assertMessage("corpus.task", () -> CorpusSettings.fromConfig(SegmentationConfig.load("corpus.task=detection")));
        assertMessage("corpus.ignore-label", () -> CorpusSettings.fromConfig(SegmentationConfig.load(
                "corpus.ignore-label=3")));
        assertMessage("corpus.ignore-label", () -> CorpusSettings.fromConfig(SegmentationConfig.load(
                "corpus.ignore-label=256")));
        assertMessage("corpus.bona-fide-label", () -> CorpusSettings.fromConfig(SegmentationConfig.load(
                "corpus.label-names=[a,b]", "corpus.bona-fide-label=a")));
        assertMessage("prep.sixteen-bit-max", () -> io.mmanet.prep.shard.PrepSettings.fromConfig(
                SegmentationConfig.load("prep.sixteen-bit-max=0")));
    }

    private static void assertMessage(String key, Runnable settings) {
        ConfigValidationException e = assertThrows(ConfigValidationException.class, settings::run);
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void listLinesEndWithTheLabelImage() {
        ListLineParser p = new ListLineParser(SETTINGS);
        ParsedLine ok = p.parse("train", "train.txt", 4, "a/rgb.png ./a/depth.png a/x/../label.png");
        assertTrue(ok.accepted());
        assertEquals("a/label.png", ok.row().labelPath());
        assertEquals("a/depth.png", ok.row().path(1));
        assertEquals(-1, ok.row().label());
        assertEquals("a/label.png", p.parse("train", "t", 5, "- a/d.png a/label.png").row().labelPath());
        assertEquals("missing-label-image", p.parse("train", "t", 6, "a/r.png a/d.png -").problem().reason());
        assertEquals("path-escapes-root", p.parse("train", "t", 7, "a/r.png a/d.png ../l.png").problem().reason());
        assertEquals("no-modality", p.parse("train", "t", 8, "- - a/l.png").problem().reason());
        assertEquals("wrong-column-count", p.parse("train", "t", 9, "a/r.png a/d.png").problem().reason());
    }

    @Test
    void manifestTablesNameTheLabelImageColumn() {
        ManifestTableParser csv = ManifestTableParser.fromHeader("m.csv", "id,split,depth,rgb,label_image", SETTINGS);
        ParsedLine ok = csv.parse("m.csv", 2, "s1,val,d.png,-,l.png");
        assertTrue(ok.accepted(), String.valueOf(ok.problem()));
        assertEquals("l.png", ok.row().labelPath());
        assertEquals("d.png", ok.row().path(1));
        assertEquals("missing-label-image", csv.parse("m.csv", 3, "s2,val,d.png,r.png,").problem().reason());
        CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> ManifestTableParser.fromHeader("m.csv", "id,split,label,rgb,depth", SETTINGS));
        assertTrue(e.getMessage().contains("label_image"), e.getMessage());
    }

    @Test
    void sixteenBitPngsKeepTheirRangeUnderTheConfiguredMaximum() throws Exception {
        BufferedImage depth = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] mm = {0, 1000, 5000, 12000};
        for (int x = 0; x < 4; x++) {
            depth.getRaster().setSample(x, 0, 0, mm[x]);
        }
        byte[] png = TestImages.encode(depth, "png");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(16, back.getRaster().getSampleModel().getSampleSize(0), "a real 16-bit PNG");
        assertEquals(12000, back.getRaster().getSample(3, 0, 0));
        // 10 m as 255: round(v * 255 / 10000), saturating above.
        byte[] stored = StoredImage.decode(png, png.length, 1, 1, 4, 1, 100, 10_000).pixels();
        assertArrayEquals(new byte[] {0, 26, (byte) 128, (byte) 255}, stored);
        // The full 16-bit scale (the default) squeezes the same depths into 5 levels.
        assertArrayEquals(new byte[] {0, 4, 19, 47}, PixelExtractor.toChannels(back, 1));
    }

    @Test
    void labelImagesAreReadAsIndicesWhateverTheirPngType() throws Exception {
        // A palette PNG whose palette colours are unrelated to the indices, and a 16-bit grey PNG.
        byte[] r = {(byte) 250, 0, 0, 9, 0, 0};
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(8, 6, r, r, r);
        BufferedImage indexed = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        BufferedImage wide = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] v = {0, 1, 2, 3, 4, 5};
        for (int i = 0; i < 6; i++) {
            indexed.getRaster().setSample(i % 3, i / 3, 0, v[i]);
            wide.getRaster().setSample(i % 3, i / 3, 0, v[i]);
        }
        for (BufferedImage img : new BufferedImage[] {indexed, wide}) {
            byte[] png = TestImages.encode(img, "png");
            LabelImage l = LabelImage.decode(png, png.length, 100, 6, 255);
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, l.values());
            assertEquals(2, l.height());
            // Nearest neighbour to 4x6: every output is one of the source values, never a mean.
            assertArrayEquals(new byte[] {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 3, 3, 4, 4, 5, 5},
                    l.resized(4, 6));
        }
        wide.getRaster().setSample(2, 1, 0, 300);
        byte[] png = TestImages.encode(wide, "png");
        LabelImage.OutOfRangeException e = assertThrows(LabelImage.OutOfRangeException.class,
                () -> LabelImage.decode(png, png.length, 100, 6, 255));
        assertTrue(e.getMessage().contains("value 300 at (x=2, y=1)"), e.getMessage());
    }

    @Test
    void medianFrequencyWeightsByHand() {
        // freq = pixels / image pixels: 0.5, 0.1, 0.25, (absent), 0.2 -> median of the 4 present = (0.2 + 0.25) / 2.
        long[] pixels = {500, 100, 250, 0, 40};
        long[] imagePixels = {1000, 1000, 1000, 0, 200};
        double median = 0.225;
        double[] w = ClassWeights.medianFrequency(pixels, imagePixels);
        assertArrayEquals(new double[] {median / 0.5, median / 0.1, median / 0.25, 0, median / 0.2}, w, 1e-12);
        assertArrayEquals(new double[] {1, 1}, ClassWeights.medianFrequency(new long[] {3, 3}, new long[] {9, 9}), 0);
        assertArrayEquals(new double[] {0, 0}, ClassWeights.medianFrequency(new long[2], new long[2]), 0);
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.medianFrequency(new long[] {5}, new long[] {4}));
    }
}
