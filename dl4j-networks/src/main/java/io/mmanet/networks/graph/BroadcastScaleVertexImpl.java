package io.mmanet.networks.graph;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link ModalityMaskVertex} and {@link ChannelScaleVertex}: multiplies a feature map
 * [N, C, H, W] (input 0) by a second input broadcast over it. With {@code maskColumn >= 0} the
 * factor is column {@code maskColumn} of an [N, M] mask (one value per sample); otherwise it is an
 * [N, C] array (one value per sample and channel, the squeeze-and-excitation scale).
 */
final class BroadcastScaleVertexImpl extends PairVertexImpl {
    private static final long serialVersionUID = 1L;

    private final int maskColumn;

    BroadcastScaleVertexImpl(ComputationGraph graph, String name, int index, int maskColumn, DataType dataType) {
        super(graph, name, index, dataType);
        this.maskColumn = maskColumn;
    }

    private INDArray factor() {
        INDArray s = inputs[1];
        if (s.dataType() != inputs[0].dataType()) {
            s = s.castTo(inputs[0].dataType());
        }
        if (maskColumn >= 0) {
            if (s.rank() != 2 || maskColumn >= s.size(1)) {
                throw new IllegalStateException(vertexName + ": expected an [N, M] modality mask with M > "
                        + maskColumn + ", got shape " + java.util.Arrays.toString(s.shape()));
            }
            return s.getColumn(maskColumn).dup();
        }
        return s;
    }

    private int[] broadcastDims() {
        return maskColumn >= 0 ? new int[] {0} : new int[] {0, 1};
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(vertexName + ": inputs not set");
        }
        INDArray x = inputs[0];
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape(), x.ordering());
            Nd4j.getExecutioner().exec(new BroadcastMulOp(x, factor(), out, broadcastDims()));
            return out;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(vertexName + ": epsilon not set");
        }
        INDArray x = inputs[0];
        INDArray f = factor();
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray epsX = Nd4j.createUninitialized(epsilon.dataType(), epsilon.shape(), epsilon.ordering());
            Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, f, epsX, broadcastDims()));
            INDArray perFactor = maskColumn >= 0 ? epsilon.mul(x).sum(1, 2, 3) : epsilon.mul(x).sum(2, 3);
            INDArray epsS;
            if (maskColumn >= 0) {
                epsS = Nd4j.zeros(inputs[1].dataType(), inputs[1].shape());
                epsS.getColumn(maskColumn).assign(perFactor);
            } else {
                epsS = perFactor.castTo(inputs[1].dataType());
            }
            return new Pair<>(null, new INDArray[] {epsX, epsS});
        }
    }

    @Override
    public String toString() {
        return "BroadcastScaleVertex(" + vertexName + ", maskColumn=" + maskColumn + ")";
    }
}
