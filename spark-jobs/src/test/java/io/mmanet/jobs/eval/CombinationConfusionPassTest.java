package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyGraphs;
import io.mmanet.jobs.testing.TinyShards;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CombinationConfusionPassTest {

    @TempDir
    Path dir;

    /** Two 1x2 single-channel modalities concatenated into 4 features; a missing one is zeros. */
    static final class ConcatForward implements CombinationForward {
        private static final String[] NAMES = {"a", "b", "a+b"};

        @Override
        public int size() {
            return 3;
        }

        @Override
        public String name(int c) {
            return NAMES[c];
        }

        @Override
        public int bits(int c) {
            return c + 1;
        }

        @Override
        public INDArray[] inputs(List<DecodedSample> samples, int c) {
            float[][] f = new float[samples.size()][4];
            for (int i = 0; i < samples.size(); i++) {
                for (int m = 0; m < 2; m++) {
                    if ((bits(c) & (1 << m)) != 0) {
                        System.arraycopy(samples.get(i).pixels()[m], 0, f[i], 2 * m, 2);
                    }
                }
            }
            return new INDArray[] {Nd4j.createFromArray(f)};
        }
    }

    static final SampleDecoder DECODER = new SampleDecoder(List.of("a", "b"), new int[] {1, 1}, 1, 2, 1, 2);

    /** 30 rows of two 1x2 single-channel modalities (a carries the label, b is noise), as Spark rows. */
    static Dataset<Row> twoModalityRows(Path dir) {
        var spark = LocalSpark.session();
        TinyShards.write(spark, dir, "test", 30, 3, List.of("a", "b"), new int[] {1, 1}, 1, 2,
                new TinyShards.Painter[] {(i, l, k, r) -> 40 + 150 * l + r.nextInt(40), (i, l, k, r) -> r.nextInt(255)}, 5);
        io.mmanet.jobs.input.CorpusInfo corpus = new io.mmanet.jobs.input.CorpusInfo(dir.toUri().toString(),
                List.of(new io.mmanet.networks.combination.Modality("a", 1), new io.mmanet.networks.combination.Modality("b", 1)), 1, 2, List.of("attack", "real"), 1);
        return ShardReader.read(spark, corpus, "test");
    }

    @Test
    void distributedCountsEqualOneLocalPassAndEveryCombinationSeesEverySample() {
        Dataset<Row> split = twoModalityRows(dir);
        JavaRDD<Row> rows = split.javaRDD();
        GraphBroadcast model = new GraphBroadcast(TinyGraphs.classifier(4, 2, 3));
        Broadcast<GraphBroadcast> bc = LocalSpark.jsc().broadcast(model);

        ConfusionMatrix[] distributed = CombinationConfusionPass.run(rows, DECODER, bc, new ConcatForward(), PredictionCounting.perSample(2), 4);
        ConfusionMatrix[] local = CombinationConfusionPass.countPartition(split.collectAsList().iterator(), DECODER, model,
                new ConcatForward(), PredictionCounting.perSample(2), 7);
        assertArrayEquals(local, distributed);
        for (ConfusionMatrix cm : distributed) {
            assertEquals(30, cm.total());
            assertEquals(15, cm.actual(1));
        }
    }
}
