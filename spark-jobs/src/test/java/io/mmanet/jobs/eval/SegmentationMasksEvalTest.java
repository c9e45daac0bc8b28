package io.mmanet.jobs.eval;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinySegmentationCorpus;
import io.mmanet.jobs.train.TrainJob;
import io.mmanet.networks.method.Methods;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predicted masks of a segmentation evaluation (issue 11): SF-MD trained one epoch on the tiny
 * generated RGB-D scenes, evaluated with eval.mask-samples = 2, writes per sample its two inputs,
 * the ground truth and one prediction per combination as PNGs that report.html and report.md show.
 */
class SegmentationMasksEvalTest {

    @Test
    void aSegmentationEvaluationWritesThePngsItsReportShows(@TempDir Path dir) throws Exception {
        CorpusInfo corpus = TinySegmentationCorpus.write(LocalSpark.session(), dir);
        Config cfg = MmanetConfig.load(null, TinySegmentationCorpus.config("train.epochs=1", "eval.mask-samples=2"));
        String run = dir.resolve("sf-md").toUri().toString();
        TrainJob.run(LocalSpark.session(), cfg, new TrainJob.Request("deployment", Methods.get("sf-md"), null,
                corpus.uri(), run, null, false), corpus);
        Path out = dir.resolve("eval");
        EvalJob.run(LocalSpark.session(), List.of(run), corpus.uri(), "test", out.toString(), EvalSettings.fromConfig(cfg));

        String html = Files.readString(out.resolve("report.html"));
        List<String> images = new ArrayList<>();
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            images.add(m.group(1));
        }
        // 2 samples x (rgb, depth, ground truth, sf-md through rgb, depth, rgb+depth).
        assertEquals(12, images.size(), html);
        assertEquals(12, pngs(out.resolve("masks")), "one PNG per cell, nothing else");
        String md = Files.readString(out.resolve("report.md"));
        for (String img : images) {
            assertTrue(md.contains("](" + img + ")"), img + " linked in report.md");
            BufferedImage png = ImageIO.read(out.resolve(img).toFile());
            assertEquals(128, png.getWidth(), img + ": 32x32 enlarged 4x");
            assertEquals(128, png.getHeight(), img);
        }
        assertTrue(html.contains("<th>sf-md rgb+depth</th>"), html);
        assertTrue(html.contains("<h2>mIoU per combination (higher is better)</h2>"), html);

        // The ground truth of the split's first row, decoded as evaluation decodes it, in the palette.
        Row first = ShardReader.read(LocalSpark.session(), corpus, "test").takeAsList(1).get(0);
        SampleDecoder decoder = corpus.decoder(TinySegmentationCorpus.SIZE, TinySegmentationCorpus.SIZE);
        DecodedSample sample = decoder.decode(decoder.raw(first),
                GeometricTransform.resize(TinySegmentationCorpus.SIZE, TinySegmentationCorpus.SIZE));
        assertTrue(html.contains("<td>" + sample.id() + "</td>"), "rows named by sample id");
        BufferedImage truth = ImageIO.read(out.resolve(images.get(2)).toFile());
        int[] labels = sample.labelImage();
        for (int p = 0; p < labels.length; p++) {
            int expected = labels[p] == corpus.ignoreLabel() ? MaskPainter.IGNORE_RGB : MaskPainter.colour(labels[p]);
            assertEquals(expected, truth.getRGB((p % 32) * 4, (p / 32) * 4) & 0xFFFFFF, "truth pixel " + p);
        }
        // A prediction is a class for every pixel: palette colours of the six classes only, never black.
        Set<Integer> palette = new HashSet<>();
        for (int c = 0; c < TinySegmentationCorpus.CLASSES; c++) {
            palette.add(MaskPainter.colour(c));
        }
        BufferedImage predicted = ImageIO.read(out.resolve(images.get(5)).toFile());
        for (int y = 0; y < 128; y += 4) {
            for (int x = 0; x < 128; x += 4) {
                assertTrue(palette.contains(predicted.getRGB(x, y) & 0xFFFFFF), "predicted pixel " + x + "," + y);
            }
        }

        // eval.mask-samples = 0: no masks, and a re-evaluation into the same directory drops the old ones.
        EvalJob.run(LocalSpark.session(), List.of(run), corpus.uri(), "test", out.toString(), new EvalSettings(16, 0));
        assertFalse(Files.readString(out.resolve("report.html")).contains("<img"));
        EvalJob.run(LocalSpark.session(), List.of(run), corpus.uri(), "test", out.toString(), new EvalSettings(16, 1));
        assertEquals(6, pngs(out.resolve("masks")), "one sample now");
    }

    /** PNG files in {@code dir} (the local Hadoop FileSystem adds a .crc file next to each). */
    private static long pngs(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")).count();
        }
    }

    @Test
    void theMaskCountIsValidatedNamingTheKey() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> EvalSettings.fromConfig(
                MmanetConfig.load(null, List.of("eval.mask-samples=-1"))));
        assertTrue(e.getMessage().contains("eval.mask-samples"), e.getMessage());
        assertEquals(4, EvalSettings.fromConfig(MmanetConfig.load(null, List.of())).maskSamples(), "reference.conf");
    }
}
