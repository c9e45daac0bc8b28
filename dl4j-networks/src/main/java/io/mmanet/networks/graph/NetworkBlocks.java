package io.mmanet.networks.graph;

import io.mmanet.compat.LinearConvolutionLayer;
import io.mmanet.compat.LoopMaxPooling;
import io.mmanet.compat.TwoPassBatchNormalization;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the pieces of the SF network (spec 1.1/1.2) to a graph builder under a name prefix: the
 * per-modality encoders (3x3 stride-2 stem, max-pool, stages 1-2 of ResNet basic blocks, SE),
 * the modality masks, the concatenation, and a trunk (stages 3-4, average pooling, classifier).
 * With {@code frozen} every layer is wrapped in {@link FrozenLayer} and every other vertex in
 * {@link FrozenVertex}: frozen layers run in inference mode, get no updates and no regularization,
 * and DL4J skips backpropagation through them entirely.
 */
public final class NetworkBlocks {
    private final GraphBuilder gb;
    private final NetworkSpec spec;
    private final String prefix;
    private final boolean frozen;
    /** Stage-1 output of each modality's encoder (decoder skips read them, masked, on request). */
    private final Map<Integer, String> encoderStage1 = new LinkedHashMap<>();
    private String maskInput;
    private String fusedStage1;
    /** The only modality of a {@link #singleModalityFusion} network, else -1. */
    private int singleModality = -1;

    public NetworkBlocks(GraphBuilder gb, NetworkSpec spec, String prefix, boolean frozen) {
        this.gb = gb;
        this.spec = spec;
        this.prefix = prefix;
        this.frozen = frozen;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public String name(String local) {
        return prefix + local;
    }

    /** Adds {@code layer} as {@code prefix + local} (wrapped in FrozenLayer when frozen); returns its name. */
    public String layer(String local, Layer layer, String... inputs) {
        String n = name(local);
        gb.addLayer(n, frozen ? new FrozenLayer(layer) : layer, inputs);
        return n;
    }

    /** Adds {@code vertex} under this prefix (wrapped in {@link FrozenVertex} when frozen); returns its name. */
    public String vertex(String local, GraphVertex vertex, String... inputs) {
        String n = name(local);
        gb.addVertex(n, frozen ? new FrozenVertex(vertex) : vertex, inputs);
        return n;
    }

    /** Bias-free "same" convolution with Kaiming init, the backbone's convolution. */
    public ConvolutionLayer conv(int kernel, int stride, int nOut) {
        return conv(kernel, stride, nOut, true);
    }

    /** @param inputGradient false for a layer on a network input (a stem): backprop skips the input gradient */
    public ConvolutionLayer conv(int kernel, int stride, int nOut, boolean inputGradient) {
        // Kaiming-normal init (the official code uses fan_out; DL4J's RELU init uses fan_in).
        // LinearConvolutionLayer: DL4J's convolution without the second forward pass in backprop.
        return new LinearConvolutionLayer.Builder(kernel, kernel).inputGradient(inputGradient).stride(stride, stride).nOut(nOut)
                .convolutionMode(ConvolutionMode.Same).hasBias(false).weightInit(WeightInit.RELU)
                .activation(Activation.IDENTITY).build();
    }

    /** Batch norm with the spec's decay and epsilon, optionally followed by ReLU. */
    public BatchNormalization bn(boolean relu) {
        // TwoPassBatchNormalization: DL4J's batch norm with a cheaper training batch variance.
        return TwoPassBatchNormalization.of(new BatchNormalization.Builder().decay(spec.bnDecay()).eps(spec.bnEpsilon())
                .activation(relu ? Activation.RELU : Activation.IDENTITY).build());
    }

    /** ResNet basic block: conv-bn-relu-conv-bn plus (projected) shortcut, then relu. */
    private String basicBlock(String local, String input, int inChannels, int outChannels, int stride) {
        String c1 = layer(local + "_conv1", conv(3, stride, outChannels), input);
        String b1 = layer(local + "_bn1", bn(true), c1);
        String c2 = layer(local + "_conv2", conv(3, 1, outChannels), b1);
        String b2 = layer(local + "_bn2", bn(false), c2);
        String shortcut = input;
        if (stride != 1 || inChannels != outChannels) {
            String dc = layer(local + "_down_conv", conv(1, stride, outChannels), input);
            shortcut = layer(local + "_down_bn", bn(false), dc);
        }
        String add = vertex(local + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b2, shortcut);
        return layer(local + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), add);
    }

    private String stage(String local, String input, int inChannels, int stageIndex, int stride) {
        int width = spec.stageWidth(stageIndex);
        String x = input;
        int in = inChannels;
        for (int b = 0; b < spec.blocks(stageIndex); b++) {
            x = basicBlock(local + "_b" + b, x, in, width, b == 0 ? stride : 1);
            in = width;
        }
        return x;
    }

    /** Convolution ({@code kernel} x {@code kernel}, stride 1, this network's init) and batch norm, no activation. */
    public String convBn(String local, String input, int kernel, int nOut) {
        String c = layer(local + "_conv", conv(kernel, 1, nOut), input);
        return layer(local + "_bn", bn(false), c);
    }

    /** Squeeze-and-excitation: global average pool, FC(C/r)+ReLU, FC(C)+sigmoid, channel scale. */
    public String squeezeExcitation(String local, String input, int channels) {
        int hidden = Math.max(1, channels / spec.seReduction());
        String pool = layer(local + "_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        String fc1 = layer(local + "_fc1", new DenseLayer.Builder().nOut(hidden).hasBias(false)
                .activation(Activation.RELU).weightInit(WeightInit.XAVIER).build(), pool);
        String fc2 = layer(local + "_fc2", new DenseLayer.Builder().nOut(channels).hasBias(false)
                .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(), fc1);
        return vertex(local, new ChannelScaleVertex(), input, fc2);
    }

    /** Encoder of modality {@code m} (stem to SE), then its mask; returns the masked output. */
    public String maskedEncoder(int m, String maskInput) {
        String se = encoder(m);
        this.maskInput = maskInput;
        return vertex("mask_" + spec.modalities().get(m).name(), new ModalityMaskVertex(m), se, maskInput);
    }

    /** Encoder of modality {@code m}, stem to SE, unmasked; returns its output (its stage 1 is kept for a decoder). */
    public String encoder(int m) {
        String mod = spec.modalities().get(m).name();
        String local = "enc_" + mod;
        String stem = layer(local + "_stem_conv", conv(3, 2, spec.stemWidth(), false), GraphNames.input(mod));
        String stemBn = layer(local + "_stem_bn", bn(true), stem);
        // LoopMaxPooling: DL4J's max pooling with its arithmetic in our loops (libnd4j's is slow).
        String pool = layer(local + "_stem_pool", LoopMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same).build()), stemBn);
        String s1 = stage(local + "_s1", pool, spec.stemWidth(), 1, 1);
        String s2 = stage(local + "_s2", s1, spec.stageWidth(1), 2, 2);
        encoderStage1.put(m, s1);
        return squeezeExcitation(local + "_se", s2, spec.stageWidth(2));
    }

    /**
     * The fused tensor of a network that only ever sees modality {@code m} (an SF model of one
     * modality): its encoder in slot m and zeros in every other slot, as the modality masks of
     * the full {@link #fusion} would give, without running the encoders whose output is masked.
     */
    public String singleModalityFusion(int m) {
        String own = encoder(m);
        singleModality = m;
        return vertex("fuse", new MergeVertex(), singleModalitySlots("absent_", own));
    }

    /** {@code own} in slot {@link #singleModality}, a zero copy of it ({@code <local><modality>}) in every other slot. */
    private String[] singleModalitySlots(String local, String own) {
        List<String> slots = new ArrayList<>();
        for (int j = 0; j < spec.modalities().size(); j++) {
            slots.add(j == singleModality ? own
                    : vertex(local + spec.modalities().get(j).name(), new ScaleVertex(0.0), own));
        }
        return slots.toArray(new String[0]);
    }

    /**
     * The encoders' stage-1 outputs (1/4 resolution), each masked like the fused tensor and
     * concatenated in modality order: the finest skip of a decoder. Created on the first request
     * (classification never asks, so its graph is unchanged); needs {@link #fusion} first. After
     * {@link #singleModalityFusion} the other slots are zeros, as for the fused tensor.
     */
    public String fusedStage1() {
        if (fusedStage1 == null && singleModality >= 0) {
            fusedStage1 = vertex("fuse1", new MergeVertex(), singleModalitySlots("absent1_",
                    encoderStage1.get(singleModality)));
        }
        if (fusedStage1 == null) {
            if (encoderStage1.size() != spec.modalities().size()) {
                throw new IllegalStateException("fusedStage1 needs the encoders: call fusion first");
            }
            List<String> masked = new ArrayList<>();
            for (Map.Entry<Integer, String> e : encoderStage1.entrySet()) {
                String mod = spec.modalities().get(e.getKey()).name();
                masked.add(vertex("mask1_" + mod, new ModalityMaskVertex(e.getKey()), e.getValue(), maskInput));
            }
            fusedStage1 = vertex("fuse1", new MergeVertex(), masked.toArray(new String[0]));
        }
        return fusedStage1;
    }

    /** All masked encoders concatenated on channels in modality order: the fused tensor. */
    public String fusion(String maskInput) {
        List<String> masked = new ArrayList<>();
        for (int m = 0; m < spec.modalities().size(); m++) {
            masked.add(maskedEncoder(m, maskInput));
        }
        return vertex("fuse", new MergeVertex(), masked.toArray(new String[0]));
    }

    /**
     * Stages 3 and 4 on {@code fused} (the fused tensor of {@code encoders}, which may be another
     * network's blocks: the regularization network's trunk copy reads the deployment's fusion).
     */
    Trunk trunk(String fused, NetworkBlocks encoders) {
        return trunk(fused, fused, encoders);
    }

    /**
     * Stages 3-4 on {@code trunkInput} (the fused tensor, or what the method makes of it: MetaKD's
     * mean fill); the trunk's {@link Trunk#fused()} stays the masked fused tensor itself.
     */
    public Trunk trunk(String fused, String trunkInput, NetworkBlocks encoders) {
        String s3 = stage("s3", trunkInput, spec.fusedChannels(), 3, 2);
        String s4 = stage("s4", s3, spec.stageWidth(3), 4, 2);
        return new Trunk(encoders, fused, s3, s4);
    }

    /** Average pooling and the linear classifier; returns the logits vertex. */
    public String classifier(String features) {
        String pool = layer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), features);
        return layer(GraphNames.LOGITS, new DenseLayer.Builder().nOut(spec.numClasses())
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), pool);
    }

    /** Flattens the stage-4 map to [N, D] in C-order (PyTorch's flatten), for MAD / SP. */
    public String flatten(String local, String features) {
        return flatten(local, features, spec.finalHeight(), spec.finalWidth(), spec.stageWidth(4));
    }

    /** Flattens a [N, channels, height, width] map to [N, channels*height*width] in C-order. */
    public String flatten(String local, String map, int height, int width, int channels) {
        InputPreProcessor p = new CnnToFeedForwardPreProcessor(height, width, channels);
        return vertex(local, new PreprocessorVertex(p), map);
    }

    /** Per-pixel softmax output on [N, C, H, W] logits (a {@code CnnLossLayer}; labels and masks [N, C, H, W]). */
    public void pixelSoftmaxOutput(String name, String logits, ILossFunction loss) {
        gb.addLayer(name, new CnnLossLayer.Builder(loss).activation(Activation.SOFTMAX).build(), logits);
    }

    /** Softmax cross-entropy output on logits, accepting [N, C] per-example label masks. */
    public void softmaxOutput(String name, String logits, ILossFunction loss) {
        gb.addLayer(name, new LossLayer.Builder(loss).activation(Activation.SOFTMAX).build(), logits);
    }
}
