package io.mmanet.methods.metakd;

import io.mmanet.networks.graph.PairVertexImpl;
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
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link ModalityBlocksVertex}. With p the presence mask and n_p = sum_k p_k (at least 1):
 * MEAN_FILL: out_m = p_m f_m + (1 - p_m) (sum_k p_k f_k) / n_p, so
 * d/df_k = p_k eps_k + p_k sum_m (1 - p_m) eps_m / n_p (the mask gets no gradient: it is data).
 * WEIGHT: out_m = w_m f_m, d/df_m = w_m eps_m, d/dw_m = sum over the block of eps_m * f_m.
 */
final class ModalityBlocksVertexImpl extends PairVertexImpl {
    private static final long serialVersionUID = 1L;

    private final ModalityBlocksVertex.Mode mode;
    private final int modalities;

    ModalityBlocksVertexImpl(ComputationGraph graph, String name, int index, ModalityBlocksVertex.Mode mode,
                             int modalities, DataType dataType) {
        super(graph, name, index, dataType);
        this.mode = mode;
        this.modalities = modalities;
    }

    private INDArray factors() {
        INDArray s = inputs[1];
        if (s.rank() != 2 || s.size(1) != modalities || inputs[0].size(1) % modalities != 0) {
            throw new IllegalStateException(vertexName + ": expected a fused tensor of " + modalities
                    + " equal blocks and an [N, " + modalities + "] array, got " + java.util.Arrays.toString(
                    inputs[0].shape()) + " and " + java.util.Arrays.toString(s.shape()));
        }
        return s.dataType() == inputs[0].dataType() ? s : s.castTo(inputs[0].dataType());
    }

    private INDArray block(INDArray x, int m) {
        long c = x.size(1) / modalities;
        INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
        idx[0] = NDArrayIndex.all();
        idx[1] = NDArrayIndex.interval(m * c, (m + 1) * c);
        for (int d = 2; d < idx.length; d++) {
            idx[d] = NDArrayIndex.all();
        }
        return x.get(idx);
    }

    /** a * column (one value per sample), broadcast over the block. */
    private static INDArray times(INDArray a, INDArray column) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), a.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(a.dup('c'), column.dup(), out, 0));
        return out;
    }

    /** (sum_k weights_k x_k) / n_p, one block: the mean of the present blocks for weights = p. */
    private INDArray weightedSumOverPresent(INDArray x, INDArray weights, INDArray p) {
        INDArray sum = null;
        for (int k = 0; k < modalities; k++) {
            INDArray t = times(block(x, k), weights.getColumn(k));
            sum = sum == null ? t : sum.addi(t);
        }
        INDArray count = Transforms.max(p.sum(1).reshape(p.size(0)), 1.0);
        return times(sum, Nd4j.ones(count.dataType(), count.shape()).divi(count));
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(vertexName + ": inputs not set");
        }
        INDArray x = inputs[0];
        INDArray s = factors();
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
            INDArray mean = mode == ModalityBlocksVertex.Mode.MEAN_FILL ? weightedSumOverPresent(x, s, s) : null;
            for (int m = 0; m < modalities; m++) {
                INDArray col = s.getColumn(m);
                INDArray o = times(block(x, m), col);
                if (mean != null) {
                    o.addi(times(mean, col.rsub(1.0)));
                }
                block(out, m).assign(o);
            }
            return out;
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(vertexName + ": epsilon not set");
        }
        INDArray x = inputs[0];
        INDArray s = factors();
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray epsX = Nd4j.createUninitialized(epsilon.dataType(), epsilon.shape(), 'c');
            INDArray epsS = Nd4j.zeros(inputs[1].dataType(), inputs[1].shape());
            INDArray fromAbsent = mode == ModalityBlocksVertex.Mode.MEAN_FILL
                    ? weightedSumOverPresent(epsilon, s.rsub(1.0), s) : null;
            for (int m = 0; m < modalities; m++) {
                INDArray col = s.getColumn(m);
                INDArray e = times(block(epsilon, m), col);
                if (fromAbsent != null) {
                    e.addi(times(fromAbsent, col));
                } else {
                    INDArray perSample = block(epsilon, m).mul(block(x, m)).reshape(x.size(0), -1).sum(1);
                    epsS.getColumn(m).assign(perSample.castTo(epsS.dataType()));
                }
                block(epsX, m).assign(e);
            }
            return new Pair<>(null, new INDArray[] {epsX, epsS});
        }
    }

    @Override
    public String toString() {
        return "ModalityBlocksVertex(" + vertexName + ", " + mode + ")";
    }
}
