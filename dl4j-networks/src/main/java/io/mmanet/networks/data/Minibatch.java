package io.mmanet.networks.data;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.task.Task;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One planned minibatch as the training parts see it: the rows' labels, what each row has, the
 * combination each row drew, and the run state (labels: {@code Task.labelsPerSample} per row, a
 * class, or a label image row-major for segmentation). Arrays it creates have the spec's data type.
 */
public final class Minibatch {
    private final NetworkSpec spec;
    private final int[] labels;
    private final ModalityCombination[] has;
    private final ModalityCombination[] drawn;
    private final MethodState state;

    Minibatch(NetworkSpec spec, int[] labels, ModalityCombination[] has, ModalityCombination[] drawn,
              MethodState state) {
        this.spec = spec;
        this.labels = labels;
        this.has = has;
        this.drawn = drawn;
        this.state = state;
    }

    /** Rows of the batch (the label array may hold several labels per row: one per pixel). */
    public int size() {
        return drawn.length;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Task task() {
        return spec.task();
    }

    public MethodState state() {
        return state;
    }

    /** What row {@code i} has (its non-missing modalities). */
    public ModalityCombination has(int i) {
        return has[i];
    }

    /** The combination row {@code i} trains with in this step. */
    public ModalityCombination drawn(int i) {
        return drawn[i];
    }

    /** The task's label array of the batch. */
    public INDArray taskLabels() {
        return spec.task().labels(labels, spec);
    }

    /** [N, M] mask of what each row has (the teacher sees every available modality, spec decision 3). */
    public INDArray availabilityMask() {
        int numMod = spec.modalities().size();
        float[] mask = new float[size() * numMod];
        for (int i = 0; i < size(); i++) {
            System.arraycopy(has[i].mask(), 0, mask, i * numMod, numMod);
        }
        return array(mask, size(), numMod);
    }

    /** A [rows, cols] array of the spec's data type from row-major {@code data}. */
    public INDArray array(float[] data, int rows, int cols) {
        INDArray a = Nd4j.create(data, new long[] {rows, cols}, 'c');
        return spec.dataType() == DataType.FLOAT ? a : a.castTo(spec.dataType());
    }

    /** [N, cols] filled with {@code value}. */
    public INDArray filled(int cols, double value) {
        return Nd4j.zeros(spec.dataType(), size(), cols).addi(value);
    }

    /** The task's per-example label mask with every row on (the deployment output's mask). */
    public INDArray allExamples() {
        float[] on = new float[size()];
        java.util.Arrays.fill(on, 1f);
        return spec.task().exampleMask(on, spec);
    }

    /** [N, cols] of ones. */
    public INDArray ones(int cols) {
        return Nd4j.ones(spec.dataType(), size(), cols);
    }
}
