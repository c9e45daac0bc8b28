package io.mmanet.tasks.classification;

import io.mmanet.compat.PerExampleMaskedMcxent;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TeacherNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.graph.Trunk;
import io.mmanet.networks.loss.MadLoss;
import io.mmanet.networks.loss.MarLoss;
import io.mmanet.networks.loss.SpLoss;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.task.Task;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Image classification (face anti-spoofing, spec 1.2 and 4.2): one class index per sample, average
 * pooling and a linear classifier as the head, softmax cross-entropy, accuracy / APCER / BPCER /
 * ACER from the confusion matrix. The class does not change under a geometric augmentation.
 */
public final class ClassificationTask implements Task {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "classification";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "one class per sample; pooled linear classifier, softmax cross-entropy; accuracy, ACER, macro-F1";
    }

    @Override
    public String head(NetworkBlocks blocks, Trunk trunk) {
        return blocks.classifier(trunk.features());
    }

    /** A copy of the trunk (stages 3-4) and the classifier on the deployment's fused tensor (decision 6). */
    @Override
    public String regularizationHead(NetworkBlocks reg, Trunk deployment) {
        return head(reg, deployment.copyAfterFusion(reg));
    }

    /** Stage-4 features flattened per sample (spec 2.1); MAD adds the teacher's logits. */
    @Override
    public String relationInput(TrainingGraphBuilder g, TeacherNetwork t, boolean entropyWeighted) {
        String sFlat = g.deployment().blocks().flatten("kd_student_features", g.deployment().features());
        String tFlat = t.blocks().flatten("kd_teacher_features", t.features());
        String kdIn = "kd_in";
        if (entropyWeighted) {
            String tLogits = head(t.blocks(), t.trunk()); // MAD's entropy weights; SP needs no teacher logits
            g.graph().addVertex(kdIn, new MergeVertex(), sFlat, tFlat, tLogits);
        } else {
            g.graph().addVertex(kdIn, new MergeVertex(), sFlat, tFlat);
        }
        return kdIn;
    }

    @Override
    public ILossFunction relationLoss(NetworkSpec spec, double lambda, boolean entropyWeighted) {
        return entropyWeighted ? new MadLoss(lambda, spec.featureSize(), spec.numClasses())
                : new SpLoss(lambda, spec.featureSize());
    }

    @Override
    public void output(NetworkBlocks blocks, String name, String logits, ILossFunction loss) {
        blocks.softmaxOutput(name, logits, loss);
    }

    @Override
    public ILossFunction outputLoss(NetworkSpec spec) {
        return new PerExampleMaskedMcxent(1.0);
    }

    @Override
    public ILossFunction maskedLoss(NetworkSpec spec, double lambda) {
        return new MarLoss(lambda);
    }

    @Override
    public INDArray labels(int[] labels, NetworkSpec spec) {
        int n = labels.length;
        int c = spec.numClasses();
        float[] oneHot = new float[n * c];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("sample " + i + ": label " + labels[i] + " is outside [0, " + c + ")");
            }
            oneHot[i * c + labels[i]] = 1f;
        }
        INDArray a = Nd4j.create(oneHot, new long[] {n, c}, 'c');
        return spec.dataType() == DataType.FLOAT ? a : a.castTo(spec.dataType());
    }

    /** [N, C], every column of row n equal to {@code perExample[n]} (see {@code PerExampleMaskedMcxent}). */
    @Override
    public INDArray exampleMask(float[] perExample, NetworkSpec spec) {
        int n = perExample.length;
        int c = spec.numClasses();
        float[] mask = new float[n * c];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(mask, i * c, (i + 1) * c, perExample[i]);
        }
        INDArray a = Nd4j.create(mask, new long[] {n, c}, 'c');
        return spec.dataType() == DataType.FLOAT ? a : a.castTo(spec.dataType());
    }

    @Override
    public void countPredictions(INDArray output, int[] labels, ConfusionMatrix counts) {
        long[] predicted = output.argMax(1).toLongVector();
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            counts.add(labels[i], (int) predicted[i]);
        }
    }

    /** KL of the predicted-label histograms (spec decision 5): the confusion matrices' column sums. */
    @Override
    public double miningDiscrepancy(ConfusionMatrix combination, ConfusionMatrix full, double klEpsilon) {
        return WeakCombinationMiner.discrepancy(combination.predictedCounts(), full.predictedCounts(), klEpsilon);
    }

    @Override
    public boolean labelFollowsGeometry() {
        return false;
    }
}
