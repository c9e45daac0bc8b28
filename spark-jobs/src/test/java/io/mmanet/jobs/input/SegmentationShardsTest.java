package io.mmanet.jobs.input;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.prep.generate.SceneGenerator;
import io.mmanet.prep.shard.PrepJob;
import io.mmanet.prep.shard.ShardSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prepared segmentation shards read back the way training and evaluation read them (manifest ->
 * CorpusInfo -> ShardReader -> SampleDecoder), in Spark local mode with Kryo: the label image
 * reaches the decoded sample, unchanged under a plain resize and warped under augmentation.
 */
class SegmentationShardsTest {

    @TempDir
    Path tmp;

    @Test
    void labelImagesTravelFromShardsToDecodedSamples() {
        SparkSession spark = LocalSpark.session();
        Config cfg = MmanetConfig.load(null, List.of(
                "modalities=[{name=rgb,channels=3},{name=depth,channels=1}]", "corpus.task=segmentation",
                "corpus.label-names=[wall,red-poster,blue-poster,box,ball,table]", "corpus.bona-fide-label=\"\"",
                "generate.samples=8", "generate.image-size=24", "generate.split-fractions=[0.5,0.25,0.25]",
                "generate.missing-fraction=0.3", "prep.height=16", "prep.width=16", "prep.sixteen-bit-max=6000"));
        SceneGenerator.generate(cfg, tmp.resolve("corpus"));
        String data = tmp.resolve("data").toUri().toString();
        PrepJob.run(spark, cfg, tmp.resolve("corpus").toUri().toString(), data, false);

        CorpusInfo corpus = CorpusInfo.read(data, spark.sparkContext().hadoopConfiguration());
        assertTrue(corpus.segmentation());
        assertEquals(255, corpus.ignoreLabel());
        List<Row> rows = ShardReader.read(spark, corpus, "train").collectAsList();
        assertEquals(4, rows.size());
        SampleDecoder decoder = corpus.decoder(16, 16);
        AugmentSettings augment = new AugmentSettings(true, 1.25, 30, true);
        Random rng = new Random(5);
        List<DecodedSample> batch = new ArrayList<>();
        for (Row row : rows) {
            byte[] stored = (byte[]) row.get(row.fieldIndex(ShardSchema.LABEL_IMAGE));
            RawSample raw = decoder.raw(row);
            DecodedSample plain = decoder.decode(raw, GeometricTransform.resize(16, 16));
            int[] expected = new int[stored.length];
            for (int i = 0; i < stored.length; i++) {
                expected[i] = stored[i] & 0xFF;
            }
            assertArrayEquals(expected, plain.labelImage(), "evaluation's resize to the stored size is the identity");
            DecodedSample augmented = decoder.decode(raw, GeometricTransform.draw(rng, augment, 16, 16));
            assertNotNull(augmented.labelImage());
            for (int v : augmented.labelImage()) {
                assertTrue(v < 6 || v == 255, "a class or ignore: " + v);
            }
            batch.add(augmented);
        }
        assertEquals(4 * 16 * 16, PixelLabels.of(batch).length);
    }
}
