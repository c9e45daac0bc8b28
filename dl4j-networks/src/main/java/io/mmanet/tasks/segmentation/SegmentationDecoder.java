package io.mmanet.tasks.segmentation;

import io.mmanet.compat.LinearConvolutionLayer;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.Trunk;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The decoder head (ESANet-style, spec 1.6, on our backbone): from stage 4 (1/32) three modules,
 * each a 3x3 conv-BN-ReLU, x2 nearest upsampling and the addition of a 1x1-projected skip (stage 3
 * at 1/16, the fused tensor at 1/8, the masked encoders' stage 1 at 1/4); then a 3x3 classifier
 * convolution to C classes at 1/4 and two x2 "learned-bilinear" upsamplings (nearest, then a 3x3
 * depthwise convolution initialised as the bilinear kernel) to the input resolution. Widths follow
 * the stage widths (stage 3, 2, 1). Skips from the encoders are masked like the fused tensor, so a
 * missing modality reaches the decoder through no path.
 */
final class SegmentationDecoder {

    private SegmentationDecoder() {
    }

    /** Adds the decoder under {@code blocks}' prefix; returns the [N, C, H, W] logits vertex. */
    static String add(NetworkBlocks blocks, Trunk trunk) {
        NetworkSpec spec = blocks.spec();
        String x = module(blocks, "dec4", trunk.features(), spec.stageWidth(3));
        x = skip(blocks, "dec3", x, trunk.stage3(), spec.stageWidth(3));
        x = module(blocks, "dec3", x, spec.stageWidth(2));
        x = skip(blocks, "dec2", x, trunk.fused(), spec.stageWidth(2));
        x = module(blocks, "dec2", x, spec.stageWidth(1));
        x = skip(blocks, "dec1", x, trunk.fusedStage1(), spec.stageWidth(1));
        String logits = blocks.layer("seg_classifier", new LinearConvolutionLayer.Builder(3, 3).stride(1, 1)
                .nOut(spec.numClasses()).convolutionMode(ConvolutionMode.Same).hasBias(true)
                .weightInit(WeightInit.XAVIER).activation(Activation.IDENTITY).build(), x);
        logits = learnedBilinear(blocks, "seg_up1", logits, spec.numClasses());
        return learnedBilinear(blocks, "seg_logits", logits, spec.numClasses());
    }

    private static String module(NetworkBlocks blocks, String local, String input, int width) {
        String c = blocks.layer(local + "_conv", blocks.conv(3, 1, width), input);
        return blocks.layer(local + "_bn", blocks.bn(true), c);
    }

    /** x2 nearest upsampling of {@code x}, plus the skip projected to {@code width} by 1x1 conv-BN. */
    private static String skip(NetworkBlocks blocks, String local, String x, String skip, int width) {
        String up = blocks.layer(local + "_up", new Upsampling2D.Builder(2).build(), x);
        String p = blocks.layer(local + "_skip_conv", blocks.conv(1, 1, width), skip);
        String pb = blocks.layer(local + "_skip_bn", blocks.bn(false), p);
        return blocks.vertex(local + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), up, pb);
    }

    private static String learnedBilinear(NetworkBlocks blocks, String local, String input, int channels) {
        String up = blocks.layer(local + "_up", new Upsampling2D.Builder(2).build(), input);
        return blocks.layer(local, new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).nOut(channels)
                .stride(1, 1).convolutionMode(ConvolutionMode.Same).hasBias(false)
                .weightInit(new BilinearKernelInit()).activation(Activation.IDENTITY).build(), up);
    }
}
