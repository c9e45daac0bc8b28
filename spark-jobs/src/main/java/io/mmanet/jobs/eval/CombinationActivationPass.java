package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.networks.method.EpochContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One distributed pass like {@link CombinationConfusionPass}, summing a per-element function of
 * one vertex's activations instead of counting predictions: each partition returns, per
 * combination, the sum of the transformed elements and their count; the driver divides. Used by
 * {@code EpochContext.meanActivation} (DMRNet's per-combination mean sigma^2).
 */
public final class CombinationActivationPass {

    private CombinationActivationPass() {
    }

    /** Per combination of {@code forward}: the mean of the transformed activations (NaN if no row has it). */
    public static double[] run(JavaRDD<Row> rows, SampleDecoder decoder, Broadcast<GraphBroadcast> model,
                               CombinationForward forward, String vertex, EpochContext.ActivationTransform transform,
                               int batchSize) {
        List<double[][]> parts = rows.mapPartitions((Iterator<Row> it) -> Collections.singletonList(
                sumPartition(it, decoder, model.value(), forward, vertex, transform, batchSize)).iterator()).collect();
        double[] sum = new double[forward.size()];
        double[] count = new double[forward.size()];
        for (double[][] p : parts) {
            for (int c = 0; c < sum.length; c++) {
                sum[c] += p[0][c];
                count[c] += p[1][c];
            }
        }
        double[] mean = new double[sum.length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = count[c] > 0 ? sum[c] / count[c] : Double.NaN;
        }
        return mean;
    }

    /** {sums, element counts} per combination for one partition (also usable without Spark). */
    public static double[][] sumPartition(Iterator<Row> rows, SampleDecoder decoder, GraphBroadcast model,
                                          CombinationForward forward, String vertex,
                                          EpochContext.ActivationTransform transform, int batchSize) {
        ComputationGraph graph = model.graph();
        if (graph.getVertex(vertex) == null) {
            throw new IllegalArgumentException("the deployment network has no vertex '" + vertex + "'");
        }
        double[][] acc = new double[2][forward.size()];
        CombinationConfusionPass.forEachBatch(rows, decoder, batchSize, batch -> {
            for (int c = 0; c < forward.size(); c++) {
                List<DecodedSample> usable = CombinationConfusionPass.usable(batch, forward.bits(c));
                if (usable.isEmpty()) {
                    continue;
                }
                Map<String, INDArray> acts = graph.feedForward(forward.inputs(usable, c), false);
                INDArray t = transform.apply(acts.get(vertex).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
                acc[0][c] += t.sumNumber().doubleValue();
                acc[1][c] += t.length();
            }
        });
        return acc;
    }
}
