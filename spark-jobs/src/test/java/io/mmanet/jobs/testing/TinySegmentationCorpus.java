package io.mmanet.jobs.testing;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.prep.generate.SceneGenerator;
import io.mmanet.prep.shard.PrepJob;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny generated RGB-D segmentation corpus (data-prep's SceneGenerator, 32x32, six classes,
 * 255 = ignore) prepared into shards by the real PrepJob: 16 train, 8 val and 8 test scenes.
 */
public final class TinySegmentationCorpus {
    public static final int SIZE = 32;
    public static final int CLASSES = 6;

    private TinySegmentationCorpus() {
    }

    /** The corpus settings (generate and prep) of the tiny scenes. */
    public static List<String> corpusSettings() {
        return List.of("modalities=[{name=rgb,channels=3},{name=depth,channels=1}]", "corpus.task=segmentation",
                "corpus.label-names=[wall,red-poster,blue-poster,box,ball,table]", "corpus.bona-fide-label=\"\"",
                "generate.samples=32", "generate.image-size=" + SIZE, "generate.split-fractions=[0.5,0.25,0.25]",
                "generate.missing-fraction=0.0", "prep.height=" + SIZE, "prep.width=" + SIZE,
                "prep.sixteen-bit-max=6000");
    }

    /**
     * Generates the scenes under {@code out/corpus} and prepares them into {@code out/data};
     * {@code extra} settings override the corpus settings (e.g. generate.missing-fraction).
     */
    public static CorpusInfo write(SparkSession spark, Path out, String... extra) {
        List<String> sets = new ArrayList<>(corpusSettings());
        sets.addAll(List.of(extra));
        Config cfg = MmanetConfig.load(null, sets);
        SceneGenerator.generate(cfg, out.resolve("corpus"));
        String data = out.resolve("data").toUri().toString();
        PrepJob.run(spark, cfg, out.resolve("corpus").toUri().toString(), data, false);
        return CorpusInfo.read(data, spark.sparkContext().hadoopConfiguration());
    }

    /** Configuration for a tiny segmentation network and a short schedule on this corpus ({@link TinyCorpus#config}). */
    public static List<String> config(String... extra) {
        List<String> sets = new ArrayList<>(TinyCorpus.config(
                "model.input-height=" + SIZE, "model.input-width=" + SIZE, "model.num-classes=" + CLASSES,
                "model.task=segmentation"));
        sets.addAll(corpusSettings());
        sets.addAll(List.of(extra));
        return sets;
    }
}
