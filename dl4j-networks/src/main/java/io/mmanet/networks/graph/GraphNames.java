package io.mmanet.networks.graph;

import io.mmanet.networks.combination.Modalities;

import java.util.ArrayList;
import java.util.List;

/**
 * Vertex, input and output names shared by the graph builders, the batch assembler and the
 * Spark job. The deployment inputs are fixed here; a training graph appends its method's parts'
 * inputs and outputs ({@code TrainingGraphs.trainingInputs / trainingOutputs}).
 */
public final class GraphNames {
    /** Image input of modality m: {@code in_<name>}, [N, channels, H, W]. */
    public static final String INPUT_PREFIX = "in_";
    /** Per-sample presence mask of the deployment network, [N, M]. */
    public static final String MASK = "mask";
    /** Availability mask fed to the frozen teacher (every modality the sample has), [N, M]. */
    public static final String TEACHER_MASK = "teacher_mask";
    /** Deployment classifier output (softmax probabilities; cross-entropy when training). */
    public static final String OUT = "out";
    /** Deployment logits (before softmax). */
    public static final String LOGITS = "fc";
    /** Distillation (MAD or SP) output; labels are the [N, 1] gate column. */
    public static final String KD_OUT = "kd_out";
    /** Regularization network output (MAR / SR cross-entropy with per-sample mask). */
    public static final String MAR_OUT = "mar_out";
    /** [N, 1] graph input: the rows the regularization network runs on. */
    public static final String MAR_ROWS = "mar_rows";
    /** Prefix of every frozen-teacher vertex in a distillation graph. */
    public static final String TEACHER_PREFIX = "t_";
    /** Prefix of every regularization-network vertex. */
    public static final String REG_PREFIX = "reg_";
    /** Index of {@link #OUT} among the outputs of every graph (training and deployment-only). */
    public static final int OUT_INDEX = 0;

    private GraphNames() {
    }

    public static String input(String modalityName) {
        return INPUT_PREFIX + modalityName;
    }

    /** Inputs of the deployment-only graph (and of SF / SF-MD training): images in modality order, mask. */
    public static List<String> deploymentInputs(Modalities modalities) {
        List<String> in = new ArrayList<>();
        for (String name : modalities.names()) {
            in.add(input(name));
        }
        in.add(MASK);
        return in;
    }

}
