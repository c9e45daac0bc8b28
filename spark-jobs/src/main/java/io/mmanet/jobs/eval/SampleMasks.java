package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The predicted masks of a segmentation evaluation (issue 11: people would rather look than
 * read): the first {@code eval.mask-samples} rows of the evaluated split are decoded on the driver
 * like the evaluation pass decodes them (resized to the model input), every evaluated model
 * predicts them through each of its combinations, and {@link #write} paints the inputs, the ground
 * truth and every prediction ({@link MaskPainter}) as PNGs under {@code <out>/masks/} through the
 * Hadoop FileSystem API, for the report's grid ({@link MaskGallery}).
 */
final class SampleMasks {
    static final String DIR = "masks";

    private final List<Row> rows;
    private final CorpusInfo corpus;
    /** The samples as the first model decoded them: inputs and ground truth come from here. */
    private List<DecodedSample> decoded;
    private int height;
    private int width;
    /** Per series, per combination: the predicted labels per sample (null where the sample lacks a modality). */
    private final Map<String, Map<String, int[][]>> predictions = new LinkedHashMap<>();
    private final Map<String, int[]> predictedSize = new LinkedHashMap<>();

    SampleMasks(List<Row> rows, CorpusInfo corpus) {
        this.rows = List.copyOf(rows);
        this.corpus = corpus;
    }

    /** {@code graph} (a model of {@code series}) predicts the samples through every combination of {@code forward}. */
    void predict(String series, ComputationGraph graph, AssemblerForward forward, SampleDecoder decoder) {
        GeometricTransform resize = GeometricTransform.resize(decoder.outH(), decoder.outW());
        List<DecodedSample> samples = new ArrayList<>(rows.size());
        for (Row r : rows) {
            samples.add(decoder.decode(decoder.raw(r), resize));
        }
        if (decoded == null) {
            decoded = samples;
            height = decoder.outH();
            width = decoder.outW();
        }
        int hw = decoder.outH() * decoder.outW();
        Map<String, int[][]> byCombo = predictions.computeIfAbsent(series, k -> new LinkedHashMap<>());
        for (int c = 0; c < forward.size(); c++) {
            int[][] perSample = new int[samples.size()][];
            List<DecodedSample> usable = CombinationConfusionPass.usable(samples, forward.bits(c));
            if (!usable.isEmpty()) {
                INDArray argmax = graph.output(false, forward.inputs(usable, c))[0].argMax(1);
                long[] flat = argmax.dup('c').reshape(argmax.length()).toLongVector();
                int u = 0;
                for (int i = 0; i < samples.size(); i++) {
                    if (CombinationConfusionPass.has(samples.get(i), forward.bits(c))) {
                        perSample[i] = new int[hw];
                        for (int p = 0; p < hw; p++) {
                            perSample[i][p] = (int) flat[u * hw + p];
                        }
                        u++;
                    }
                }
            }
            byCombo.put(forward.name(c), perSample);
        }
        predictedSize.put(series, new int[] {decoder.outH(), decoder.outW()});
    }

    /**
     * Paints every image as a PNG under {@code outDir/masks/} (replacing an earlier evaluation's)
     * and returns the grid that refers to them; series in prediction order, combinations in
     * canonical order.
     */
    MaskGallery write(String outDir, Configuration hadoop) throws IOException {
        Path dir = new Path(outDir, DIR);
        FileSystem fs = dir.getFileSystem(hadoop);
        fs.delete(dir, true);
        List<String> columns = new ArrayList<>();
        List<List<String>> images = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            images.add(new ArrayList<>());
        }
        int scale = MaskPainter.scale(height, width);
        List<String> modalities = corpus.modalityNames();
        for (int m = 0; m < modalities.size(); m++) {
            String column = modalities.get(m) + " (input)";
            columns.add(column);
            for (int i = 0; i < decoded.size(); i++) {
                DecodedSample s = decoded.get(i);
                images.get(i).add(s.present(m) ? png(fs, dir, i, columns.size(), column, MaskPainter.modality(
                        s.pixels()[m], corpus.modalities().get(m).channels(), height, width, scale)) : null);
            }
        }
        columns.add("ground truth");
        for (int i = 0; i < decoded.size(); i++) {
            images.get(i).add(png(fs, dir, i, columns.size(), "truth", MaskPainter.mask(decoded.get(i).labelImage(),
                    height, width, corpus.ignoreLabel(), scale)));
        }
        for (Map.Entry<String, Map<String, int[][]>> series : predictions.entrySet()) {
            int[] size = predictedSize.get(series.getKey());
            int seriesScale = MaskPainter.scale(size[0], size[1]);
            for (ModalityCombination c : ModalityCombination.all(new Modalities(corpus.modalities()))) {
                int[][] predicted = series.getValue().get(c.toString());
                if (predicted == null) {
                    continue;
                }
                String column = series.getKey() + " " + c;
                columns.add(column);
                for (int i = 0; i < decoded.size(); i++) {
                    images.get(i).add(predicted[i] == null ? null : png(fs, dir, i, columns.size(), column,
                            MaskPainter.mask(predicted[i], size[0], size[1], corpus.ignoreLabel(), seriesScale)));
                }
            }
        }
        List<MaskGallery.Sample> samples = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            samples.add(new MaskGallery.Sample(decoded.get(i).id(), images.get(i)));
        }
        return new MaskGallery(columns, samples, corpus.classNames(), "ignored (label " + corpus.ignoreLabel() + ")");
    }

    /** Writes one PNG and returns its path relative to the report: masks/s{sample}-c{column}-{name}.png. */
    private static String png(FileSystem fs, Path dir, int sample, int column, String name,
                              java.awt.image.BufferedImage img) throws IOException {
        String file = "s" + sample + "-c" + column + "-" + name.replaceAll("[^A-Za-z0-9]+", "-")
                .replaceAll("(^-|-$)", "") + ".png";
        try (FSDataOutputStream out = fs.create(new Path(dir, file), true)) {
            out.write(MaskPainter.png(img));
        }
        return DIR + "/" + file;
    }
}
