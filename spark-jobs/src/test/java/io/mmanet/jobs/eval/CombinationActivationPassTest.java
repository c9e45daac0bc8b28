package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyGraphs;
import io.mmanet.networks.method.EpochContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The distributed per-combination mean of a vertex's transformed activations equals a row-by-row computation. */
class CombinationActivationPassTest {

    @TempDir
    Path dir;

    @Test
    void distributedMeanEqualsARowByRowMean() {
        Dataset<Row> split = CombinationConfusionPassTest.twoModalityRows(dir);
        JavaRDD<Row> rows = split.javaRDD();
        ComputationGraph graph = TinyGraphs.classifier(4, 2, 3);
        EpochContext.ActivationTransform exp = a -> Transforms.exp(a, true);
        CombinationForward forward = new CombinationConfusionPassTest.ConcatForward();
        double[] distributed = CombinationActivationPass.run(rows, CombinationConfusionPassTest.DECODER,
                LocalSpark.jsc().broadcast(new GraphBroadcast(graph)), forward, "hidden", exp, 4);

        List<Row> all = split.collectAsList();
        GeometricTransform resize = GeometricTransform.resize(1, 2);
        for (int c = 0; c < forward.size(); c++) {
            double sum = 0;
            long count = 0;
            for (Row row : all) {
                DecodedSample s = CombinationConfusionPassTest.DECODER.decode(
                        CombinationConfusionPassTest.DECODER.raw(row), resize);
                INDArray hidden = graph.feedForward(forward.inputs(List.of(s), c), false).get("hidden");
                for (int k = 0; k < hidden.length(); k++) {
                    sum += Math.exp(hidden.getDouble(k));
                    count++;
                }
            }
            assertEquals(30 * 8, count);
            assertEquals(sum / count, distributed[c], 1e-5, forward.name(c));
        }
    }
}
