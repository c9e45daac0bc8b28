package io.mmanet.compat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link LinearConvolutionLayer}. During an NCHW {@link #backpropGradient} with the identity
 * activation, the forward pass DL4J asks for ({@code preOutput4d(training, forBackprop=true)})
 * answers {@code epsilon} instead of convolving again: DL4J only hands it to
 * {@code ActivationIdentity.backprop(z, epsilon)}, which checks the shape and returns
 * {@code epsilon}; its second element (the built-in path's im2col buffer) is {@code null}, which
 * DL4J's built-in path answers by computing im2col itself (DOUBLE networks, helper fallback).
 * Where DL4J picks its oneDNN helper, this layer runs {@link SmallMapConvHelper}, the same helper
 * with a faster backward pass on tiny feature maps.
 */
public class LinearConvolutionLayerImpl extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    private transient INDArray epsilonAsZ;

    public LinearConvolutionLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        if (helper != null && helper.getClass() == MKLDNNConvHelper.class) {
            helper = new SmallMapConvHelper(dataType,
                    !(conf.getLayer() instanceof LinearConvolutionLayer l) || l.isInputGradient());
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!(layerConf().getActivationFn() instanceof ActivationIdentity)
                || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        epsilonAsZ = epsilon;
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            epsilonAsZ = null;
        }
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (forBackprop && epsilonAsZ != null) {
            return new Pair<>(epsilonAsZ, null);
        }
        return super.preOutput4d(training, forBackprop, workspaceMgr);
    }
}
