package io.mmanet.jobs.testing;

import io.mmanet.jobs.input.CorpusInfo;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.List;

/**
 * A tiny RGB/Depth/IR corpus (8x8) where depth carries the label clearly and RGB and IR only
 * faintly: every combination without depth (rgb+ir, rgb, ir) is weak, rgb+ir the weakest bimodal.
 */
public final class TinyCorpus {
    public static final List<String> MODALITIES = List.of("rgb", "depth", "ir");
    public static final int[] CHANNELS = {3, 1, 1};
    public static final int SIZE = 8;

    private TinyCorpus() {
    }

    public static CorpusInfo write(SparkSession spark, Path out, int train, int val, int test) {
        TinyShards.Painter[] painters = {
                (i, label, k, rng) -> 100 + 12 * label + rng.nextInt(80),
                (i, label, k, rng) -> 50 + 150 * label + rng.nextInt(30),
                (i, label, k, rng) -> 100 + 12 * label + rng.nextInt(80),
        };
        TinyShards.write(spark, out, "train", train, 2, MODALITIES, CHANNELS, SIZE, SIZE, painters, 1);
        TinyShards.write(spark, out, "val", val, 2, MODALITIES, CHANNELS, SIZE, SIZE, painters, 2);
        TinyShards.write(spark, out, "test", test, 2, MODALITIES, CHANNELS, SIZE, SIZE, painters, 3);
        // The manifest data-prep would write, with what the jobs read from it.
        io.mmanet.prep.manifest.Manifest m = new io.mmanet.prep.manifest.Manifest();
        for (int i = 0; i < MODALITIES.size(); i++) {
            m.modalities.add(new io.mmanet.networks.combination.Modality(MODALITIES.get(i), CHANNELS[i]));
        }
        m.height = SIZE;
        m.width = SIZE;
        m.labelNames = List.of("attack", "real");
        m.bonaFideLabel = "real";
        m.bonaFideIndex = 1;
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out.toUri());
            m.write(dir.getFileSystem(spark.sparkContext().hadoopConfiguration()), dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return CorpusInfo.read(out.toUri().toString(), spark.sparkContext().hadoopConfiguration());
    }

    /** Configuration overrides for a tiny network and a short schedule on this corpus. */
    public static List<String> config(String... extra) {
        List<String> sets = new java.util.ArrayList<>(List.of(
                "model.input-height=8", "model.input-width=8", "model.stem-width=4",
                "model.stage-widths=[4, 8, 8, 8]", "model.blocks-per-stage=[1, 1, 1, 1]", "model.se-reduction=2",
                "method.warmup-epochs=2", "method.mining-epochs=[2]",
                "optimizer.learning-rate=0.05", "optimizer.weight-decay=0",
                "train.epochs=3", "train.batch-size-per-worker=8", "train.workers=2",
                "train.averaging-frequency=2", "train.prefetch-batches=0", "train.augment.enabled=false",
                "train.seed=5", "eval.batch-size=16", "spark.master=\"local[2]\""));
        sets.addAll(List.of(extra));
        return sets;
    }
}
