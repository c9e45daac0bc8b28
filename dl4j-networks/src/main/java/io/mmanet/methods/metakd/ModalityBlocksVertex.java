package io.mmanet.methods.metakd;

import io.mmanet.networks.graph.PairVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A vertex on the fused tensor [N, M*C, H, W] (M modality blocks of C channels, spec 1.2) and an
 * [N, M] per-sample, per-modality array; no parameters. Two uses in MetaKD (spec 7.2):
 * <ul>
 *   <li>{@link Mode#MEAN_FILL} (deployment network): the second input is the 0/1 presence mask;
 *       an absent modality's block is replaced by the mean of the present blocks
 *       ({@code DualNet.py:369-397}), present blocks pass unchanged;</li>
 *   <li>{@link Mode#WEIGHT} (the driver's meta graph): the second input is w; block m is
 *       multiplied by w_m ({@code DualNet.py:400-405}, {@code val=True}).</li>
 * </ul>
 */
public class ModalityBlocksVertex extends PairVertex {
    private static final long serialVersionUID = 1L;

    /** What the vertex does with the blocks. */
    public enum Mode { MEAN_FILL, WEIGHT }

    private Mode mode;
    private int modalities;

    /** For JSON. */
    public ModalityBlocksVertex() {
    }

    public ModalityBlocksVertex(Mode mode, int modalities) {
        this.mode = mode;
        this.modalities = modalities;
    }

    public Mode getMode() {
        return mode;
    }

    public int getModalities() {
        return modalities;
    }

    @Override
    public ModalityBlocksVertex clone() {
        return new ModalityBlocksVertex(mode, modalities);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModalityBlocksVertex v && v.mode == mode && v.modalities == modalities;
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + modalities;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new ModalityBlocksVertexImpl(graph, name, idx, mode, modalities, networkDatatype);
    }

    @Override
    public String toString() {
        return "ModalityBlocksVertex(" + mode + ", M=" + modalities + ")";
    }
}
