package io.mmanet.networks.data;

import io.mmanet.networks.combination.CombinationSampler;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.Method;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns decoded samples into the MultiDataSet of one training step of a method's graph, in the
 * input and output order of {@link GraphNames}. The data, not the graph, carries everything that
 * changes during a run (spec decisions 2, 6, 7):
 * <ul>
 *   <li>{@code mask}: each sample's drawn combination; {@code teacher_mask}: what the sample has
 *       (the teacher sees every available modality);</li>
 *   <li>{@code kd_out} labels: an [N, 1] gate, 1 after warm-up and 0 during it;</li>
 *   <li>{@code mar_out} label mask: [N, C] rows of 1 for samples whose drawn combination is
 *       regularized (in the weak set W for MMANet, single-modality for SR) after warm-up, else 0.</li>
 * </ul>
 * Every output gets a non-null [N, C] (or [N, 1]) label mask: dl4j-spark's merge and load mangle
 * [n, 1] masks and null masks (see {@code io.mmanet.compat.PerExampleMaskedMcxent}).
 */
public final class BatchAssembler implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final Method method;
    private final ModalityCombination fixedCombination;

    /**
     * @param fixedCombination the SF method's combination (every sample uses it); ignored otherwise
     */
    public BatchAssembler(NetworkSpec spec, Method method, ModalityCombination fixedCombination) {
        this.spec = spec;
        this.method = method;
        this.fixedCombination = fixedCombination != null ? fixedCombination : ModalityCombination.full(spec.modalities());
    }

    public BatchAssembler(NetworkSpec spec, Method method) {
        this(spec, method, null);
    }

    /** Index of the deployment classifier output among the graph outputs (training and deployment-only). */
    public static int deploymentOutputIndex() {
        return GraphNames.OUT_INDEX;
    }

    /** Name of the deployment classifier output. */
    public static String deploymentOutputName() {
        return GraphNames.OUT;
    }

    public List<String> inputNames() {
        return GraphNames.trainingInputs(spec.modalities(), method);
    }

    public List<String> outputNames() {
        return GraphNames.trainingOutputs(method);
    }

    /** What sample {@code pixels[n]} has: the modalities whose image is not null. */
    public ModalityCombination available(float[][] samplePixels) {
        int bits = 0;
        for (int m = 0; m < spec.modalities().size(); m++) {
            if (samplePixels[m] != null) {
                bits |= 1 << m;
            }
        }
        if (bits == 0) {
            throw new IllegalArgumentException("sample has no modality at all");
        }
        return ModalityCombination.ofBits(bits, spec.modalities());
    }

    /**
     * True if the sample can train this method: SF needs every modality of its fixed combination
     * (a teacher trained on full data skips incomplete samples); the other methods need one modality.
     */
    public boolean canTrain(float[][] samplePixels) {
        for (float[] img : samplePixels) {
            if (img != null) {
                return method.perSampleDropout() || fixedCombination.isSubsetOf(available(samplePixels));
            }
        }
        return false;
    }

    /**
     * Draws each sample's combination for this method: the fixed combination for SF, otherwise a
     * uniform draw among the non-empty subsets of what the sample has (spec decision 2).
     */
    public ModalityCombination[] drawCombinations(float[][][] pixels, Random random) {
        ModalityCombination[] drawn = new ModalityCombination[pixels.length];
        for (int n = 0; n < pixels.length; n++) {
            ModalityCombination has = available(pixels[n]);
            drawn[n] = method.perSampleDropout() ? CombinationSampler.draw(random, has) : fixedCombination;
        }
        return drawn;
    }

    /**
     * @param pixels      [sample][modality] normalised CHW image, null where the sample lacks it
     * @param labels      class index per sample
     * @param drawn       each sample's combination (a subset of what it has)
     * @param weakSet     MMANet's weak set W (may be null during warm-up or for other methods)
     * @param afterWarmup true once MAD/SP and MAR are on (spec decision 7)
     */
    public MultiDataSet assemble(float[][][] pixels, int[] labels, ModalityCombination[] drawn,
                                 Set<ModalityCombination> weakSet, boolean afterWarmup) {
        int n = labels.length;
        if (pixels.length != n || drawn.length != n) {
            throw new IllegalArgumentException("pixels (" + pixels.length + "), labels (" + n + ") and drawn ("
                    + drawn.length + ") must have one entry per sample");
        }
        if (n == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        Modalities mods = spec.modalities();
        int numMod = mods.size();
        int c = spec.numClasses();
        float[] mask = new float[n * numMod];
        float[] teacherMask = new float[n * numMod];
        for (int i = 0; i < n; i++) {
            ModalityCombination has = available(pixels[i]);
            if (!drawn[i].modalities().equals(mods)) {
                throw new IllegalArgumentException("sample " + i + ": combination over " + drawn[i].modalities().names()
                        + ", expected " + mods.names());
            }
            if (!drawn[i].isSubsetOf(has)) {
                throw new IllegalArgumentException("sample " + i + " drew " + drawn[i] + " but only has " + has);
            }
            System.arraycopy(drawn[i].mask(), 0, mask, i * numMod, numMod);
            System.arraycopy(has.mask(), 0, teacherMask, i * numMod, numMod);
        }
        List<String> inputs = inputNames();
        INDArray[] features = new INDArray[inputs.size()];
        for (int m = 0; m < numMod; m++) {
            features[m] = images(pixels, m);
        }
        features[numMod] = array(mask, n, numMod);
        if (method.usesTeacher()) {
            features[numMod + 1] = array(teacherMask, n, numMod);
        }

        float[] oneHot = new float[n * c];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("sample " + i + ": label " + labels[i] + " is outside [0, " + c + ")");
            }
            oneHot[i * c + labels[i]] = 1f;
        }
        List<String> outputs = outputNames();
        INDArray[] outLabels = new INDArray[outputs.size()];
        INDArray[] outMasks = new INDArray[outputs.size()];
        int k = 0;
        outLabels[k] = array(oneHot, n, c);
        outMasks[k++] = Nd4j.ones(spec.dataType(), n, c);
        if (method.usesTeacher()) {
            outLabels[k] = Nd4j.zeros(spec.dataType(), n, 1).addi(afterWarmup ? 1.0 : 0.0);
            outMasks[k++] = Nd4j.ones(spec.dataType(), n, 1);
        }
        if (method.usesRegularization()) {
            if (afterWarmup && method == Method.MMANET && (weakSet == null || weakSet.isEmpty())) {
                throw new IllegalStateException("MMANet after warm-up needs the mined weak set; got none");
            }
            float[] marMask = new float[n * c];
            for (int i = 0; i < n; i++) {
                boolean on = afterWarmup && regularized(drawn[i], weakSet);
                if (on) {
                    java.util.Arrays.fill(marMask, i * c, (i + 1) * c, 1f);
                }
            }
            outLabels[k] = array(oneHot, n, c);
            outMasks[k++] = array(marMask, n, c);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features, outLabels, null, outMasks);
    }

    /** MMANet regularizes the weak set; SR every single-modality combination. */
    private boolean regularized(ModalityCombination drawn, Set<ModalityCombination> weakSet) {
        if (method == Method.SR) {
            return drawn.size() == 1;
        }
        return weakSet != null && weakSet.contains(drawn);
    }

    /**
     * Inputs of the deployment-only graph for one combination: every sample uses
     * {@code combination}'s mask; missing images are fed as zeros.
     */
    public INDArray[] inferenceInputs(float[][][] pixels, ModalityCombination combination) {
        int n = pixels.length;
        int numMod = spec.modalities().size();
        INDArray[] in = new INDArray[numMod + 1];
        for (int m = 0; m < numMod; m++) {
            in[m] = images(pixels, m);
        }
        float[] mask = new float[n * numMod];
        float[] one = combination.mask();
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, mask, i * numMod, numMod);
        }
        in[numMod] = array(mask, n, numMod);
        return in;
    }

    private INDArray images(float[][][] pixels, int m) {
        int n = pixels.length;
        int ch = spec.modalities().get(m).channels();
        int h = spec.inputHeight();
        int w = spec.inputWidth();
        int size = ch * h * w;
        float[] buf = new float[n * size];
        for (int i = 0; i < n; i++) {
            float[] img = pixels[i][m];
            if (img == null) {
                continue;
            }
            if (img.length != size) {
                throw new IllegalArgumentException("sample " + i + ", modality " + spec.modalities().get(m).name()
                        + ": " + img.length + " values, expected " + ch + "x" + h + "x" + w + " = " + size);
            }
            System.arraycopy(img, 0, buf, i * size, size);
        }
        return cast(Nd4j.create(buf, new long[] {n, ch, h, w}, 'c'));
    }

    private INDArray array(float[] data, int rows, int cols) {
        return cast(Nd4j.create(data, new long[] {rows, cols}, 'c'));
    }

    private INDArray cast(INDArray a) {
        return spec.dataType() == DataType.FLOAT ? a : a.castTo(spec.dataType());
    }
}
