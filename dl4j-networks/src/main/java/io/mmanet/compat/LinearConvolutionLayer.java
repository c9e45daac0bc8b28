package io.mmanet.compat;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A DL4J {@link ConvolutionLayer} (same parameters, configuration and JSON fields) whose runtime
 * layer is {@link LinearConvolutionLayerImpl}: its backpropagation does not run the convolution's
 * forward pass a second time when the activation is the identity.
 *
 * <p>DL4J M2.1's {@code ConvolutionLayer.backpropGradient} always starts with
 * {@code preOutput4d(true, true, ...)}, a complete forward convolution, only to pass its output
 * {@code z} to {@code activation.backprop(z, epsilon)}. For the identity activation that call ignores
 * {@code z}, so every convolution of a ResNet (conv followed by batch norm, activation on the batch
 * norm) pays one forward convolution per backward pass for nothing: about a quarter of the
 * convolution arithmetic of a training step ({@code LinearConvolutionLayerTest} counts the forward
 * convolutions). Non-identity activations run DL4J's code unchanged.
 *
 * <p>{@link #isInputGradient() inputGradient} false marks a layer fed by a network input (a
 * modality's stem on its image): its backpropagation computes the weight gradient only and hands
 * no gradient to the input, as DL4J's own embedding layer does. Upstream computes that gradient
 * and the graph drops it: at 112x112, batch 64, one thread, upstream's stem backward took 165-232 ms,
 * the weight gradient alone 41-59 ms (docs/benchmarks.md).
 */
public class LinearConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    /** False: backpropagation returns no input gradient (the layer reads a network input). */
    private boolean inputGradient = true;

    /** For JSON deserialization. */
    public LinearConvolutionLayer() {
        super();
    }

    protected LinearConvolutionLayer(Builder builder) {
        super(builder);
        this.inputGradient = builder.inputGradient;
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        // As ConvolutionLayer.instantiate, with the runtime class replaced.
        LayerValidation.assertNInNOutSet("ConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        LinearConvolutionLayerImpl layer = new LinearConvolutionLayerImpl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        ParamInitializer init = initializer();
        Map<String, INDArray> params = init.init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** {@link ConvolutionLayer.Builder} building a {@link LinearConvolutionLayer}. */
    public static class Builder extends ConvolutionLayer.Builder {
        private boolean inputGradient = true;

        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        /** False for a layer fed by a network input: no gradient at its input is computed. */
        public Builder inputGradient(boolean inputGradient) {
            this.inputGradient = inputGradient;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LinearConvolutionLayer build() {
            super.build(); // DL4J's validation of kernel, stride, padding and mode
            return new LinearConvolutionLayer(this);
        }
    }
}
