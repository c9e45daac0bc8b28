package io.mmanet.jobs.predict;

import io.mmanet.jobs.eval.AssemblerForward;
import io.mmanet.jobs.eval.GraphBroadcast;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.input.RawSample;
import io.mmanet.jobs.input.SampleDecoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Scores one partition of shard rows: each row is decoded once at the model's input size with
 * the model card's normalisation, given a combination (the modalities it has, or the forced one),
 * and forwarded in batches grouped by combination. A row that cannot be scored (no modality, a
 * forced modality missing, undecodable pixels) becomes a quarantine row with its reason.
 *
 * <p>Output rows follow {@link PredictJob#SCHEMA}: id, label, predicted, predicted_label,
 * probabilities, combination, and reason (null for a scored row).
 */
final class RowScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SampleDecoder decoder;
    private final AssemblerForward forward;
    private final List<String> classes;
    /** Bits of the forced combination; 0 = each row's present modalities. */
    private final int forcedBits;
    private final int batchSize;

    RowScorer(SampleDecoder decoder, AssemblerForward forward, List<String> classes, int forcedBits, int batchSize) {
        this.decoder = decoder;
        this.forward = forward;
        this.classes = new ArrayList<>(classes);
        this.forcedBits = forcedBits;
        this.batchSize = batchSize;
    }

    /**
     * Scores lazily, one batch at a time: a partition of any size holds at most a batch of decoded
     * samples and their output rows in memory, not the whole partition's predictions.
     */
    Iterator<Row> score(Iterator<Row> rows, GraphBroadcast model) {
        ComputationGraph graph = model.graph();
        GeometricTransform resize = GeometricTransform.resize(decoder.outH(), decoder.outW());
        ArrayDeque<Row> ready = new ArrayDeque<>();
        Map<Integer, List<DecodedSample>> byCombination = new LinkedHashMap<>();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && rows.hasNext()) {
                    readBatch();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            /** Reads up to a batch of scorable rows (quarantined ones are ready at once), then scores them. */
            private void readBatch() {
                int pending = 0;
                while (pending < batchSize && rows.hasNext()) {
                    Row row = rows.next();
                    RawSample raw = decoder.raw(row);
                    DecodedSample s;
                    try {
                        s = decoder.decode(raw, resize);
                    } catch (IllegalArgumentException e) {
                        ready.add(quarantined(raw, e.getMessage()));
                        continue;
                    }
                    int c = combinationOf(s);
                    if (c < 0) {
                        ready.add(quarantined(raw, forcedBits == 0 ? "no modality present"
                                : "lacks a modality of the forced combination " + forward.name(indexOf(forcedBits))));
                        continue;
                    }
                    byCombination.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
                    pending++;
                }
                flush(graph, byCombination, ready);
            }
        };
    }

    private int combinationOf(DecodedSample s) {
        int available = s.availableBits();
        if (forcedBits != 0) {
            return (available & forcedBits) == forcedBits ? indexOf(forcedBits) : -1;
        }
        return available == 0 ? -1 : indexOf(available);
    }

    private int indexOf(int bits) {
        for (int c = 0; c < forward.size(); c++) {
            if (forward.bits(c) == bits) {
                return c;
            }
        }
        return -1;
    }

    private void flush(ComputationGraph graph, Map<Integer, List<DecodedSample>> byCombination, ArrayDeque<Row> out) {
        for (Map.Entry<Integer, List<DecodedSample>> e : byCombination.entrySet()) {
            List<DecodedSample> group = e.getValue();
            INDArray probs = graph.output(false, forward.inputs(group, e.getKey()))[0];
            for (int i = 0; i < group.size(); i++) {
                double[] p = probs.getRow(i).toDoubleVector();
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    if (p[k] > p[best]) {
                        best = k;
                    }
                }
                DecodedSample s = group.get(i);
                out.add(RowFactory.create(s.id(), s.label(), best, classes.get(best), p, forward.name(e.getKey()), null));
            }
        }
        byCombination.clear();
    }

    private static Row quarantined(RawSample raw, String reason) {
        return RowFactory.create(raw.id(), raw.label(), null, null, null, null, reason);
    }
}
