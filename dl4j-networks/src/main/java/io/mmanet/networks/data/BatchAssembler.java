package io.mmanet.networks.data;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.method.TrainingPart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns decoded samples into the MultiDataSet of one training step of a method's graph, in the
 * input and output order of {@code TrainingGraphs.trainingInputs / trainingOutputs}. The method
 * decides which rows can train and what each row draws ({@link Method#canTrain},
 * {@link Method#draw}, spec decision 2); its training parts add their inputs, labels and label
 * masks (the teacher's availability mask, the distillation gate, the MAR mask). The data, not the
 * graph, carries everything that changes during a run ({@link MethodState}: warm-up, weak set).
 * Every output gets a non-null label mask: dl4j-spark's merge and load mangle [n, 1] masks and
 * null masks (see {@code io.mmanet.compat.PerExampleMaskedMcxent}).
 */
public final class BatchAssembler extends DeploymentInputs {
    private static final long serialVersionUID = 2L;

    private final Method method;
    private final ModalityCombination fixedCombination;

    /**
     * @param fixedCombination the combination of a fixed-combination method (SF); ignored otherwise
     */
    public BatchAssembler(NetworkSpec spec, Method method, ModalityCombination fixedCombination) {
        super(spec);
        this.method = method;
        this.fixedCombination = fixedCombination != null ? fixedCombination : ModalityCombination.full(spec.modalities());
    }

    public BatchAssembler(NetworkSpec spec, Method method) {
        this(spec, method, null);
    }

    public Method method() {
        return method;
    }

    /** Index of the deployment output among the graph outputs (training and deployment-only). */
    public static int deploymentOutputIndex() {
        return GraphNames.OUT_INDEX;
    }

    /** Name of the deployment output. */
    public static String deploymentOutputName() {
        return GraphNames.OUT;
    }

    public List<String> inputNames() {
        return TrainingGraphs.trainingInputs(spec, method);
    }

    public List<String> outputNames() {
        return TrainingGraphs.trainingOutputs(method);
    }

    /**
     * True if the sample can train this method (spec decision 2 on naturally incomplete rows): a
     * fixed-combination model (SF, the teacher) needs every modality of its combination; the
     * per-sample dropout methods need one modality.
     */
    public boolean canTrain(float[][] samplePixels) {
        for (float[] img : samplePixels) {
            if (img != null) {
                return method.canTrain(available(samplePixels), fixedCombination);
            }
        }
        return false;
    }

    /** Each sample's combination for this step, as the method draws it among what the sample has. */
    public ModalityCombination[] drawCombinations(float[][][] pixels, Random random) {
        ModalityCombination[] drawn = new ModalityCombination[pixels.length];
        for (int n = 0; n < pixels.length; n++) {
            drawn[n] = method.draw(available(pixels[n]), fixedCombination, random);
        }
        return drawn;
    }

    /**
     * @param pixels      [sample][modality] normalised CHW image, null where the sample lacks it
     * @param labels      the task's labels, {@code Task.labelsPerSample} per sample (a class index per
     *                    sample, or per pixel row-major)
     * @param drawn       each sample's combination (a subset of what it has)
     * @param weakSet     MMANet's weak set W (may be null during warm-up or for other methods)
     * @param afterWarmup true once MAD/SP and MAR are on (spec decision 7)
     */
    public MultiDataSet assemble(float[][][] pixels, int[] labels, ModalityCombination[] drawn,
                                 Set<ModalityCombination> weakSet, boolean afterWarmup) {
        return assemble(pixels, labels, drawn, MethodState.of(afterWarmup, weakSet));
    }

    public MultiDataSet assemble(float[][][] pixels, int[] labels, ModalityCombination[] drawn, MethodState state) {
        int n = pixels.length;
        int perSample = spec.task().labelsPerSample(spec);
        if (drawn.length != n || labels.length != (long) n * perSample) {
            throw new IllegalArgumentException("pixels (" + pixels.length + "), labels (" + labels.length + ", "
                    + perSample + " per sample) and drawn (" + drawn.length + ") must match one entry per sample");
        }
        if (n == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        Modalities mods = spec.modalities();
        int numMod = mods.size();
        float[] mask = new float[n * numMod];
        ModalityCombination[] has = new ModalityCombination[n];
        for (int i = 0; i < n; i++) {
            has[i] = available(pixels[i]);
            if (!drawn[i].modalities().equals(mods)) {
                throw new IllegalArgumentException("sample " + i + ": combination over " + drawn[i].modalities().names()
                        + ", expected " + mods.names());
            }
            if (!drawn[i].isSubsetOf(has[i])) {
                throw new IllegalArgumentException("sample " + i + " drew " + drawn[i] + " but only has " + has[i]);
            }
            System.arraycopy(drawn[i].mask(), 0, mask, i * numMod, numMod);
        }
        Minibatch batch = new Minibatch(spec, labels, has, drawn, state);
        List<INDArray> features = new ArrayList<>();
        for (int m = 0; m < numMod; m++) {
            features.add(images(pixels, m));
        }
        features.add(batch.array(mask, n, numMod));
        for (TrainingPart p : method.parts()) {
            features.addAll(p.inputArrays(batch));
        }
        List<INDArray> outLabels = new ArrayList<>();
        List<INDArray> outMasks = new ArrayList<>();
        outLabels.add(batch.taskLabels());
        outMasks.add(batch.allExamples());
        for (TrainingPart p : method.parts()) {
            outLabels.addAll(p.labels(batch));
            outMasks.addAll(p.labelMasks(batch));
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features.toArray(new INDArray[0]),
                outLabels.toArray(new INDArray[0]), null, outMasks.toArray(new INDArray[0]));
    }
}
