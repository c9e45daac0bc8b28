package io.mmanet.bench;

import io.mmanet.networks.graph.RestoreRowsVertex;
import io.mmanet.networks.graph.SelectRowsVertex;

import io.mmanet.compat.LinearConvolutionLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The multiply-adds of one training sample through a graph's convolutions and dense layers: the
 * forward pass, the gradients to the layers' inputs (only where a trainable layer lies upstream:
 * nothing needs the gradient of an image or of a frozen branch) and the weight gradients
 * (trainable layers only). The ratio of two graphs' totals is the ratio of their step times that
 * the arithmetic alone implies, at equal speed per multiply-add; batch norm, pooling and activations
 * add work in proportion to the activations and are not counted.
 */
public record MultiplyAdds(long forward, long inputGradients, long weightGradients) {

    /** Forward and backward, what one training step costs per sample. */
    public long trainingStep() {
        return forward + inputGradients + weightGradients;
    }

    /**
     * @param inputTypes the types of {@code conf}'s network inputs, in order (the layers' shapes follow)
     * @throws IllegalArgumentException for a convolution kind whose multiply-adds are not the plain
     *                                  convolution's (depthwise, separable, transposed, 1D, 3D)
     */
    public static MultiplyAdds of(ComputationGraphConfiguration conf, InputType... inputTypes) {
        return of(conf, 1.0, inputTypes);
    }

    /**
     * As {@link #of(ComputationGraphConfiguration, InputType...)}, with the layers between a
     * {@link SelectRowsVertex} and its {@link RestoreRowsVertex} counted for {@code selectedShare}
     * of the samples (the expected share of rows they run on).
     */
    public static MultiplyAdds of(ComputationGraphConfiguration conf, double selectedShare, InputType... inputTypes) {
        Map<String, InputType> outputs = conf.getLayerActivationTypes(inputTypes);
        Map<String, Boolean> trainableUpstream = new HashMap<>();
        Map<String, Boolean> onSelectedRows = new HashMap<>();
        long forward = 0;
        long inputGradients = 0;
        long weightGradients = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            Layer layer = layer(e.getValue());
            long macs = layer == null ? 0 : macs(e.getKey(), unfrozen(layer), outputs.get(e.getKey()));
            if (macs == 0) {
                continue;
            }
            if (onSelectedRows(conf, e.getKey(), onSelectedRows)) {
                macs = Math.round(macs * selectedShare);
            }
            forward += macs;
            if (isFrozen(layer)) {
                continue;
            }
            weightGradients += macs;
            if (anyTrainableUpstream(conf, e.getKey(), trainableUpstream)) {
                inputGradients += macs;
            }
        }
        return new MultiplyAdds(forward, inputGradients, weightGradients);
    }

    private static long macs(String name, Layer layer, InputType output) {
        if (layer instanceof ConvolutionLayer conv) {
            if (conv.getClass() != ConvolutionLayer.class && !(conv instanceof LinearConvolutionLayer)) {
                throw new IllegalArgumentException("layer '" + name + "': " + conv.getClass().getSimpleName()
                        + " is not a plain 2D convolution; its multiply-adds are not counted here");
            }
            InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) output;
            int[] k = conv.getKernelSize();
            return out.getHeight() * out.getWidth() * out.getChannels() * conv.getNIn() * k[0] * k[1];
        }
        if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            return ff.getNIn() * ff.getNOut();
        }
        return 0;
    }

    /** True when {@code vertex} runs on selected rows: a SelectRowsVertex feeds it, with no RestoreRowsVertex between. */
    private static boolean onSelectedRows(ComputationGraphConfiguration conf, String vertex, Map<String, Boolean> memo) {
        return anyUpstream(conf, vertex, v -> v instanceof SelectRowsVertex, v -> !(v instanceof RestoreRowsVertex), memo);
    }

    /** True when a trainable layer feeds {@code vertex}, directly or through other vertices. */
    private static boolean anyTrainableUpstream(ComputationGraphConfiguration conf, String vertex,
                                                Map<String, Boolean> memo) {
        return anyUpstream(conf, vertex, MultiplyAdds::isTrainable, v -> true, memo);
    }

    /**
     * True when a vertex that is {@code found} feeds {@code vertex}, directly or through vertices
     * the search may {@code passThrough} (network inputs end it); memoised per search.
     */
    private static boolean anyUpstream(ComputationGraphConfiguration conf, String vertex, Predicate<GraphVertex> found,
                                       Predicate<GraphVertex> passThrough, Map<String, Boolean> memo) {
        Boolean known = memo.get(vertex);
        if (known != null) {
            return known;
        }
        boolean any = false;
        List<String> inputs = conf.getVertexInputs().get(vertex);
        for (String in : inputs == null ? List.<String>of() : inputs) {
            GraphVertex v = conf.getVertices().get(in);
            if (v == null) {
                continue; // a network input
            }
            if (found.test(v) || (passThrough.test(v) && anyUpstream(conf, in, found, passThrough, memo))) {
                any = true;
                break;
            }
        }
        memo.put(vertex, any);
        return any;
    }

    private static boolean isTrainable(GraphVertex v) {
        Layer layer = layer(v);
        if (layer == null || isFrozen(layer)) {
            return false;
        }
        NeuralNetConfiguration nnc = ((LayerVertex) v).getLayerConf();
        return layer.initializer().numParams(nnc) > 0;
    }

    private static Layer layer(GraphVertex v) {
        return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    private static boolean isFrozen(Layer layer) {
        return layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
    }

    private static Layer unfrozen(Layer layer) {
        if (layer instanceof FrozenLayer f) {
            return f.getLayer();
        }
        if (layer instanceof FrozenLayerWithBackprop f) {
            return f.getUnderlying();
        }
        return layer;
    }
}
