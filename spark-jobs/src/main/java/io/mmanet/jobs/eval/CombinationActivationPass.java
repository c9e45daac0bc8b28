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
        List<double[]> parts = rows.mapPartitions((Iterator<Row> it) -> Collections.singletonList(
                sumPartition(it, decoder, model.value(), forward, vertex, transform, batchSize)).iterator()).collect();
        int k = forward.size();
        double[] total = new double[2 * k];
        for (double[] p : parts) {
            for (int i = 0; i < total.length; i++) {
                total[i] += p[i];
            }
        }
        double[] mean = new double[k];
        for (int c = 0; c < k; c++) {
            mean[c] = total[k + c] > 0 ? total[c] / total[k + c] : Double.NaN;
        }
        return mean;
    }

    /**
     * One partition's sums of the transformed elements per combination, then their element counts
     * ([2K], a flat array: Kryo has double[] registered). Also usable without Spark.
     */
    public static double[] sumPartition(Iterator<Row> rows, SampleDecoder decoder, GraphBroadcast model,
                                          CombinationForward forward, String vertex,
                                          EpochContext.ActivationTransform transform, int batchSize) {
        ComputationGraph graph = model.graph();
        if (graph.getVertex(vertex) == null) {
            throw new IllegalArgumentException("the deployment network has no vertex '" + vertex + "'");
        }
        int k = forward.size();
        double[] acc = new double[2 * k];
        CombinationConfusionPass.forEachBatch(rows, decoder, batchSize, batch -> {
            for (int c = 0; c < forward.size(); c++) {
                List<DecodedSample> usable = CombinationConfusionPass.usable(batch, forward.bits(c));
                if (usable.isEmpty()) {
                    continue;
                }
                Map<String, INDArray> acts = graph.feedForward(forward.inputs(usable, c), false);
                INDArray t = transform.apply(acts.get(vertex).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
                acc[c] += t.sumNumber().doubleValue();
                acc[k + c] += t.length();
            }
        });
        return acc;
    }
}
