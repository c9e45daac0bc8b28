package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link LoopMaxPooling}: DL4J's subsampling layer, running {@link LoopMaxPoolHelper}
 * where DL4J picked its oneDNN helper (with helpers off, DL4J's built-in path as before).
 *
 * <p>Upstream (DL4J 1.0.0-M2.1): {@code SubsamplingLayer.activate} never calls its helper (only
 * {@code backpropGradient} does), so the forward pass always runs libnd4j's {@code maxpool2d};
 * {@link #activate} here calls the helper the way backprop does, with the same padding.
 */
public class LoopMaxPoolingImpl extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    public LoopMaxPoolingImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        if (helper != null && helper.getClass() == MKLDNNSubsamplingHelper.class) {
            helper = new LoopMaxPoolHelper(dataType);
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        INDArray x = input == null ? null : input.castTo(dataType);
        if (!(helper instanceof LoopMaxPoolHelper) || x == null
                || !LoopMaxPoolHelper.handled(x, c.getPoolingType(), convolutionMode, c.getDilation(), c.getCnn2dDataFormat())) {
            return super.activate(training, workspaceMgr);
        }
        int[] inSize = {(int) x.size(2), (int) x.size(3)};
        int[] pad = c.getPadding();
        if (convolutionMode == ConvolutionMode.Same) { // as DL4J's backprop: the top-left padding of Same mode
            int[] outSize = ConvolutionUtils.getOutputSize(x, c.getKernelSize(), c.getStride(), null, convolutionMode,
                    c.getDilation(), c.getCnn2dDataFormat());
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, inSize, c.getKernelSize(), c.getStride(), c.getDilation());
        }
        return helper.activate(x, training, c.getKernelSize(), c.getStride(), pad, c.getPoolingType(), convolutionMode,
                c.getDilation(), c.getCnn2dDataFormat(), workspaceMgr);
    }
}
