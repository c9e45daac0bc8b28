package io.mmanet.networks.graph;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The frozen teacher inside a distillation graph (spec decision 3): the SF network's encoders and
 * trunk under prefix {@link GraphNames#TEACHER_PREFIX}, fed with every modality the sample has
 * (input {@link GraphNames#TEACHER_MASK}), inference-mode batch norm, no updates, no backprop.
 * Its parameters and batch-norm statistics are copied from the trained teacher by {@link #copyInto}.
 * The teacher on its own is trained as SF ({@link TrainingGraphs#teacher}).
 */
public final class TeacherNetwork {
    private final NetworkBlocks blocks;
    private final Trunk trunk;

    private TeacherNetwork(NetworkBlocks blocks, Trunk trunk) {
        this.blocks = blocks;
        this.trunk = trunk;
    }

    /** Adds the teacher's encoders and trunk to the training graph. */
    public static TeacherNetwork add(TrainingGraphBuilder g) {
        NetworkBlocks t = new NetworkBlocks(g.graph(), g.spec(), GraphNames.TEACHER_PREFIX, g.freezeTeacher());
        String fused = t.fusion(GraphNames.TEACHER_MASK);
        return new TeacherNetwork(t, t.trunk(fused, t));
    }

    public NetworkBlocks blocks() {
        return blocks;
    }

    /** The teacher's last trunk stage before pooling (F_t of MAD). */
    public String features() {
        return trunk.features();
    }

    /** The teacher's levels (fused tensor, stages 3 and 4; stage 1 on request). */
    public Trunk trunk() {
        return trunk;
    }

    /** Fills every {@code t_<name>} layer of {@code target} with the trained teacher's {@code <name>} parameters (BN statistics included). */
    public static void copyInto(ComputationGraph teacher, ComputationGraph target) {
        copyInto(teacher, target, GraphNames.TEACHER_PREFIX);
    }

    /**
     * Fills every {@code <prefix><name>} layer of {@code target} with the trained teacher's
     * {@code <name>} parameters (BN statistics included); for graphs with several teachers.
     */
    public static void copyInto(ComputationGraph teacher, ComputationGraph target, String prefix) {
        for (org.deeplearning4j.nn.api.Layer layer : target.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!name.startsWith(prefix) || layer.numParams() == 0) {
                continue;
            }
            String srcName = name.substring(prefix.length());
            if (!teacher.getConfiguration().getVertices().containsKey(srcName)) {
                throw new IllegalArgumentException("the teacher has no layer '" + srcName
                        + "': was it built from a different NetworkSpec?");
            }
            INDArray src = teacher.getLayer(srcName).params();
            INDArray dst = layer.params();
            if (src == null || src.length() != dst.length()) {
                throw new IllegalArgumentException("teacher layer '" + srcName + "' has "
                        + (src == null ? 0 : src.length()) + " parameters, the training graph's copy has "
                        + dst.length() + ": was the teacher built from a different NetworkSpec?");
            }
            dst.assign(src.castTo(dst.dataType()));
        }
    }
}
