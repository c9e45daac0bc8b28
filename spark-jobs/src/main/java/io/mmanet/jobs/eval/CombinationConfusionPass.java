package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One distributed pass: each sample is decoded once, and every combination is forwarded from that
 * decode; each partition counts (true label, predicted label) per combination and the driver adds
 * the partitions up. Evaluation uses all combinations; MAR mining the (M-1)-combinations and full
 * (its predicted-label histograms are the confusion matrices' column sums). A sample lacking a
 * modality of a combination is not counted for that combination. What is counted is the task's
 * choice ({@link PredictionCounting}): one (label, prediction) per sample for classification, one
 * per labelled pixel for segmentation (ignored pixels are not counted).
 */
public final class CombinationConfusionPass {

    private CombinationConfusionPass() {
    }

    public static ConfusionMatrix[] run(JavaRDD<Row> rows, SampleDecoder decoder, Broadcast<GraphBroadcast> model,
                                        CombinationForward forward, PredictionCounting counting, int batchSize) {
        List<ConfusionMatrix[]> parts = rows.mapPartitions(
                (Iterator<Row> it) -> java.util.Collections.singletonList(
                        countPartition(it, decoder, model.value(), forward, counting, batchSize))
                        .iterator()).collect();
        ConfusionMatrix[] total = empty(forward.size(), counting);
        for (ConfusionMatrix[] p : parts) {
            for (int c = 0; c < total.length; c++) {
                total[c].merge(p[c]);
            }
        }
        return total;
    }

    static ConfusionMatrix[] empty(int combinations, PredictionCounting counting) {
        ConfusionMatrix[] cms = new ConfusionMatrix[combinations];
        for (int c = 0; c < combinations; c++) {
            cms[c] = counting.emptyMatrix();
        }
        return cms;
    }

    /** Counts one partition (also usable without Spark, on any row iterator). */
    public static ConfusionMatrix[] countPartition(Iterator<Row> rows, SampleDecoder decoder, GraphBroadcast model,
                                                   CombinationForward forward, PredictionCounting counting,
                                                   int batchSize) {
        ComputationGraph graph = model.graph();
        ConfusionMatrix[] cms = empty(forward.size(), counting);
        forEachBatch(rows, decoder, batchSize, batch -> count(graph, batch, forward, counting, cms));
        return cms;
    }

    /** Decodes {@code rows} (resized to the decoder's size) and hands them on in batches of {@code batchSize}. */
    static void forEachBatch(Iterator<Row> rows, SampleDecoder decoder, int batchSize,
                             Consumer<List<DecodedSample>> action) {
        GeometricTransform resize = GeometricTransform.resize(decoder.outH(), decoder.outW());
        List<DecodedSample> batch = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            batch.add(decoder.decode(decoder.raw(rows.next()), resize));
            if (batch.size() == batchSize || !rows.hasNext()) {
                action.accept(batch);
                batch.clear();
            }
        }
    }

    /** The samples of {@code batch} that have every modality of combination {@code bits}. */
    static List<DecodedSample> usable(List<DecodedSample> batch, int bits) {
        List<DecodedSample> usable = new ArrayList<>(batch.size());
        for (DecodedSample s : batch) {
            if (has(s, bits)) {
                usable.add(s);
            }
        }
        return usable;
    }

    /** True when sample {@code s} has every modality of the combination {@code bits}. */
    static boolean has(DecodedSample s, int bits) {
        return (s.availableBits() & bits) == bits;
    }

    private static void count(ComputationGraph graph, List<DecodedSample> batch, CombinationForward forward,
                              PredictionCounting counting, ConfusionMatrix[] cms) {
        for (int c = 0; c < forward.size(); c++) {
            List<DecodedSample> usable = usable(batch, forward.bits(c));
            if (usable.isEmpty()) {
                continue;
            }
            INDArray out = graph.output(false, forward.inputs(usable, c))[0];
            counting.count(out, usable, cms[c]);
        }
    }
}
