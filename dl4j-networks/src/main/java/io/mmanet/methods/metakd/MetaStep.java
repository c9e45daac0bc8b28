package io.mmanet.methods.metakd;

import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.method.EpochHook;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * MetaKD's meta step on the driver after every epoch (spec 7.2, {@code train.py:153-189}): a few
 * Adam steps on theta alone, each on one batch of validation rows through the w-weighted
 * {@link MetaGraph}, first-order (the network's other parameters are those the epoch's averaging
 * produced and stay fixed). The new theta is written into the training graph, which is what the
 * next epoch's workers receive and what the checkpoint stores; the optimiser's moments go to the
 * hook state. The driver log shows w every epoch.
 */
public final class MetaStep implements EpochHook {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetaStep.class);

    private transient MetaGraph meta;
    private transient DecodedRows rows;

    @Override
    public void afterEpoch(int epoch, EpochContext context) {
        MetaKdSettings s = MetaKdSettings.of(context.settings());
        ComputationGraph training = context.trainingGraph();
        double[] theta = theta(training);
        double[] before = softmax(theta);
        double lossBefore = Double.NaN;
        double lossAfter = Double.NaN;
        if (s.metaSteps() > 0) {
            if (meta == null) {
                meta = MetaGraph.build(context.spec(), context.settings().method());
                rows = context.validationRows(s.metaRows());
            }
            if (rows.size() == 0) {
                throw new IllegalStateException("MetaKD's meta step needs validation rows; the validation split is empty");
            }
            meta.copyFrom(training);
            ThetaAdam adam = ThetaAdam.restore(context.hookState(), theta.length, s.metaLearningRate(),
                    s.metaWeightDecay());
            int batch = Math.min(s.metaBatchSize(), rows.size());
            int batches = rows.size() / batch;
            DecodedRows first = null;
            for (int k = 0; k < s.metaSteps(); k++) {
                int b = (int) (adam.steps() % batches);
                DecodedRows slice = rows.slice(b * batch, (b + 1) * batch);
                double[] grad = meta.gradient(theta, slice);
                if (k == 0) {
                    first = slice;
                    lossBefore = meta.graph().score();
                }
                theta = adam.step(theta, grad);
            }
            lossAfter = meta.loss(theta, first);
            adam.save(context.hookState());
            training.setParam(ModalityDistillation.THETA + "_W",
                    Nd4j.create(theta, new long[] {1, theta.length}, 'c').castTo(training.getParam(
                            ModalityDistillation.THETA + "_W").dataType()));
        }
        LOG.info("MetaKD after epoch {}: modality weights w = {} (before the meta step {}), theta = {};"
                        + " {} meta steps on {} validation rows; w-weighted loss of the first meta batch {} -> {}",
                epoch, named(context, softmax(theta)), named(context, before), format(theta), s.metaSteps(),
                rows == null ? 0 : rows.size(), String.format(Locale.ROOT, "%.5f", lossBefore),
                String.format(Locale.ROOT, "%.5f", lossAfter));
    }

    /** theta as the training graph holds it. */
    public static double[] theta(ComputationGraph training) {
        return training.getParam(ModalityDistillation.THETA + "_W").castTo(DataType.DOUBLE)
                .reshape(-1).toDoubleVector();
    }

    public static double[] softmax(double[] theta) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : theta) {
            max = Math.max(max, t);
        }
        double sum = 0;
        double[] w = new double[theta.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = Math.exp(theta[k] - max);
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        return w;
    }

    private static String named(EpochContext context, double[] w) {
        List<String> names = context.spec().modalities().names();
        StringBuilder sb = new StringBuilder("{");
        for (int k = 0; k < w.length; k++) {
            sb.append(k > 0 ? ", " : "").append(names.get(k)).append('=').append(String.format(Locale.ROOT, "%.4f", w[k]));
        }
        return sb.append('}').toString();
    }

    private static String format(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < v.length; k++) {
            sb.append(k > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.5f", v[k]));
        }
        return sb.append(']').toString();
    }
}
