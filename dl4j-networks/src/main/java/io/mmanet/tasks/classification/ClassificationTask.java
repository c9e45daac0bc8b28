package io.mmanet.tasks.classification;

import io.mmanet.compat.PerExampleMaskedMcxent;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.loss.MarLoss;
import io.mmanet.networks.task.Task;
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
    public String head(NetworkBlocks blocks, String features) {
        return blocks.classifier(features);
    }

    @Override
    public void output(NetworkBlocks blocks, String name, String logits, ILossFunction loss) {
        blocks.softmaxOutput(name, logits, loss);
    }

    @Override
    public ILossFunction outputLoss() {
        return new PerExampleMaskedMcxent(1.0);
    }

    @Override
    public ILossFunction maskedLoss(double lambda) {
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

    @Override
    public int labelWidth(NetworkSpec spec) {
        return spec.numClasses();
    }

    @Override
    public boolean labelFollowsGeometry() {
        return false;
    }
}
