package io.mmanet.networks.graph;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Runtime of {@link SelectRowsVertex} ({@code select}: gathers the selected rows of input 0) and
 * of {@link RestoreRowsVertex} (scatters input 0's rows back to the selected places of a full
 * minibatch, zeros elsewhere). Each one's backward pass is the other's forward pass on the
 * gradient; the selection (input 1) gets a zero gradient.
 */
final class RowSelectionImpl extends PairVertexImpl {
    private static final long serialVersionUID = 1L;

    private final boolean select;
    /** The selected rows of the last forward pass, which its backward pass reuses. */
    private long[] rows;

    RowSelectionImpl(ComputationGraph graph, String name, int index, DataType dataType, boolean select) {
        super(graph, name, index, dataType);
        this.select = select;
    }

    /** Indices of the rows whose selection is 1, checked against input 0's rows. */
    private long[] selected() {
        INDArray s = inputs[1];
        if (s.rank() != 2 || s.size(1) != 1) {
            throw new IllegalStateException(vertexName + ": expected an [N, 1] row selection, got shape "
                    + Arrays.toString(s.shape()));
        }
        float[] on = s.castTo(DataType.FLOAT).data().asFloat();
        long[] rows = new long[on.length];
        int n = 0;
        for (int i = 0; i < on.length; i++) {
            if (on[i] > 0.5f) {
                rows[n++] = i;
            }
        }
        if (n == 0) {
            throw new IllegalStateException(vertexName + ": no row selected (a selection must name at least one row)");
        }
        long expected = select ? on.length : n;
        if (inputs[0].size(0) != expected) {
            throw new IllegalStateException(vertexName + ": input has " + inputs[0].size(0) + " rows, the selection "
                    + (select ? "has " + on.length + " rows" : "selects " + n));
        }
        return Arrays.copyOf(rows, n);
    }

    /** [rows, ...] of {@code from}'s selected rows. */
    private static INDArray gather(INDArray from, long[] rows) {
        long[] shape = from.shape().clone();
        shape[0] = rows.length;
        INDArray out = Nd4j.createUninitialized(from.dataType(), shape, 'c');
        for (int k = 0; k < rows.length; k++) {
            out.slice(k).assign(from.slice(rows[k]));
        }
        return out;
    }

    /** [n, ...] of zeros with {@code from}'s rows at {@code rows}. */
    private static INDArray scatter(INDArray from, long[] rows, long n) {
        long[] shape = from.shape().clone();
        shape[0] = n;
        INDArray out = Nd4j.zeros(from.dataType(), shape);
        for (int k = 0; k < rows.length; k++) {
            out.slice(rows[k]).assign(from.slice(k));
        }
        return out;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(vertexName + ": inputs not set");
        }
        rows = selected();
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return select ? gather(inputs[0], rows) : scatter(inputs[0], rows, inputs[1].size(0));
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(vertexName + ": epsilon not set");
        }
        if (rows == null) {
            throw new IllegalStateException(vertexName + ": backward pass before a forward pass");
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray epsIn = select ? scatter(epsilon, rows, inputs[0].size(0)) : gather(epsilon, rows);
            INDArray epsSelection = Nd4j.zeros(inputs[1].dataType(), inputs[1].shape());
            return new Pair<>(null, new INDArray[] {epsIn, epsSelection});
        }
    }

    /** Feature masks have the full minibatch's rows; no graph of ours has one where rows are selected. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                          int minibatchSize) {
        if (maskArrays != null && maskArrays.length > 0 && maskArrays[0] != null) {
            throw new IllegalStateException(vertexName + ": feature masks are not supported");
        }
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return (select ? "SelectRowsVertex(" : "RestoreRowsVertex(") + vertexName + ")";
    }
}
