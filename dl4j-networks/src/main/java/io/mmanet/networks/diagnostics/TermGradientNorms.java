package io.mmanet.networks.diagnostics;

import io.mmanet.networks.graph.GraphNames;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How hard each loss term of a training graph (CE of the deployment head, MAD or SP, MAR or SR,
 * a method's other terms) pulls on the deployment trunk: per output, the L2 norm of that output's
 * loss gradient over the trunk's parameters, on one batch. Comparing these tells whether a term's
 * weight (lambda-MAD, lambda-MAR) drowns the classification loss or is drowned by it.
 *
 * <p>The trunk is every trainable layer the deployment output {@link GraphNames#OUT} depends on,
 * except the classifier that produces its logits, and its trained parameters only. Each term is isolated by replacing every other
 * output's loss with {@link SilencedLoss} for one backward pass, so nothing about how a term gates
 * itself (gate labels, label masks) needs to be known. Works on a copy: the caller's graph, its
 * batch-norm statistics and its updater state are untouched.
 */
public final class TermGradientNorms {

    private TermGradientNorms() {
    }

    /** Output name -> L2 norm of that output's loss gradient over the trunk parameters, on {@code batch}. */
    public static Map<String, Double> measure(ComputationGraph trainingGraph, MultiDataSet batch) {
        Map<String, Double> norms = new LinkedHashMap<>();
        termGradients(trainingGraph, batch).forEach((term, g) -> norms.put(term, g.norm2Number().doubleValue()));
        return norms;
    }

    /** Output name -> that output's loss gradient over the trunk parameters, flattened (a copy of the graph is used). */
    static Map<String, INDArray> termGradients(ComputationGraph trainingGraph, MultiDataSet batch) {
        ComputationGraph g = trainingGraph.clone();
        List<String> outputs = g.getConfiguration().getNetworkOutputs();
        Set<String> trunk = trunkLayers(g);
        Map<String, ILossFunction> own = new LinkedHashMap<>();
        for (String out : outputs) {
            own.put(out, lossOf(g, out));
        }
        Map<String, INDArray> terms = new LinkedHashMap<>();
        for (String term : outputs) {
            for (String out : outputs) {
                setLoss(g, out, out.equals(term) ? own.get(out) : new SilencedLoss());
            }
            terms.put(term, trunkGradient(gradientOf(g, batch), g, trunk));
        }
        return terms;
    }

    /** The full gradient of the graph's loss on {@code batch}, as training computes it (before any update). */
    static Gradient gradientOf(ComputationGraph g, MultiDataSet batch) {
        g.setInputs(batch.getFeatures());
        g.setLabels(batch.getLabels());
        g.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        g.computeGradientAndScore();
        Gradient gr = g.gradient();
        g.clearLayerMaskArrays();
        return gr;
    }

    /** Names of the trainable layers {@link GraphNames#OUT} depends on, without its logits layer. */
    static Set<String> trunkLayers(ComputationGraph g) {
        ComputationGraphConfiguration conf = g.getConfiguration();
        Map<String, List<String>> inputsOf = conf.getVertexInputs();
        Set<String> head = new LinkedHashSet<>(List.of(GraphNames.OUT));
        head.addAll(inputsOf.getOrDefault(GraphNames.OUT, List.of()));
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(GraphNames.OUT));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(inputsOf.getOrDefault(v, List.of()));
            }
        }
        Set<String> trunk = new LinkedHashSet<>();
        for (String v : seen) {
            Layer l = g.getLayer(v);
            if (!head.contains(v) && l != null && l.numParams() > 0
                    && !(l instanceof FrozenLayer) && !(l instanceof FrozenLayerWithBackprop)) {
                trunk.add(v);
            }
        }
        return trunk;
    }

    /**
     * The gradient of the trunk's trained parameters, flattened in layer order (a copy: the graph
     * reuses its gradient view). Parameters with a NoOp updater are left out: DL4J keeps batch
     * norm's running mean and variance as parameters and moves them through their "gradient"
     * (running minus batch statistic), which is not a loss gradient and is there with every term off.
     */
    static INDArray trunkGradient(Gradient gradient, ComputationGraph g, Set<String> trunk) {
        List<INDArray> parts = new ArrayList<>();
        for (String layer : trunk) {
            Layer l = g.getLayer(layer);
            for (String param : l.paramTable().keySet()) {
                INDArray gv = gradient.getGradientFor(layer + "_" + param);
                if (gv != null && !(l.conf().getLayer().getUpdaterByParam(param) instanceof NoOp)) {
                    parts.add(gv.dup());
                }
            }
        }
        return Nd4j.toFlattened(parts);
    }

    private static ILossFunction lossOf(ComputationGraph g, String output) {
        Object conf = g.getLayer(output).conf().getLayer();
        if (conf instanceof BaseOutputLayer o) {
            return o.getLossFn();
        }
        if (conf instanceof LossLayer o) {
            return o.getLossFn();
        }
        if (conf instanceof CnnLossLayer o) {
            return o.getLossFn();
        }
        throw new IllegalArgumentException("output '" + output + "' is a " + conf.getClass().getSimpleName()
                + ", not a layer with a loss function");
    }

    private static void setLoss(ComputationGraph g, String output, ILossFunction loss) {
        Object conf = g.getLayer(output).conf().getLayer();
        if (conf instanceof BaseOutputLayer o) {
            o.setLossFn(loss);
        } else if (conf instanceof LossLayer o) {
            o.setLossFn(loss);
        } else if (conf instanceof CnnLossLayer o) {
            o.setLossFn(loss);
        } else {
            throw new IllegalArgumentException("output '" + output + "' has no loss function to replace");
        }
    }
}
