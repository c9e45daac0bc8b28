package io.mmanet.jobs.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loss of each output of a training graph on one batch (CE of the deployment head, MAD, MAR),
 * as the graph weights them. dl4j-spark only reports the summed score, so the driver measures the
 * terms on a probe batch once per epoch.
 */
public final class LossTerms {
    private LossTerms() {
    }

    /** Output name -> that output's loss on {@code batch} (inference mode; no parameter change). */
    public static Map<String, Double> measure(ComputationGraph graph, MultiDataSet batch) {
        graph.score(batch, false);
        Map<String, Double> terms = new LinkedHashMap<>();
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        for (String name : outputs) {
            Layer l = graph.getLayer(name);
            terms.put(name, l == null ? Double.NaN : l.score());
        }
        return terms;
    }

    /** The term whose output name contains {@code part} (case-insensitive), or NaN. */
    public static double find(Map<String, Double> terms, String part) {
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).contains(part)) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }

    public static String format(Map<String, Double> terms) {
        StringBuilder sb = new StringBuilder("loss terms");
        terms.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.5f", k, v)));
        return sb.toString();
    }
}
