package io.mmanet.compat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * DL4J's oneDNN batch-norm helper, with batch normalisation of FLOAT NCHW tensors computed by
 * {@link BatchNormArithmetic}'s loops instead of libnd4j's ops.
 *
 * <p>DL4J M2.1's {@link MKLDNNBatchNormHelper} takes the training batch variance from ND4J's
 * {@code Variance} op (a generic summary-statistics reduction, 7.5% of a paper-architecture step),
 * normalises with libnd4j's {@code batchnorm} and backpropagates with {@code batchnorm_bp}, which runs
 * oneDNN with fixed statistics and then about eight whole-tensor passes for the statistics' terms,
 * building oneDNN primitives on every call. Here the statistics are two passes in double (the same
 * biased estimate), the normalisation one pass, the backward two passes: per call 2.3-4x faster on
 * every shape of the demo and paper networks (docs/benchmarks.md), and closer to a DOUBLE reference
 * ({@code TwoPassBatchNormHelperTest}). Inference uses the given running statistics the same way.
 * Other layouts and data types run DL4J's code (non-FLOAT its built-in layer). The loops use as
 * many threads as ND4J's ops ({@link LoopThreads}): one with our default of one Spark task per core
 * and one OpenMP thread (conf/README.md).
 */
public class TwoPassBatchNormHelper extends MKLDNNBatchNormHelper {
    private INDArray meanCache;
    private INDArray varCache;
    private double[] mean;
    private double[] var;
    /** Whether the last training pass was ours (else DL4J's helper holds the batch statistics). */
    private boolean ownStatistics;

    public TwoPassBatchNormHelper(DataType dataType) {
        super(dataType);
    }

    private static boolean handled(INDArray x, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW;
    }

    /** A c-order array that owns its buffer from index 0 (loops index the buffer directly). */
    static INDArray dense(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
    }

    private static FloatBuffer floats(INDArray denseArray) {
        return denseArray.data().asNioFloat();
    }

    private static void store(double[] from, INDArray to) {
        for (int i = 0; i < from.length; i++) {
            to.putScalar(i, from[i]);
        }
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!handled(x, format)) {
            if (training) {
                ownStatistics = false; // DL4J's helper computes and holds these batch statistics
            }
            return super.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        INDArray in = dense(x);
        BatchNormArithmetic bn = new BatchNormArithmetic(in.shape());
        int channels = (int) in.size(1);
        double[] mu;
        double[] sigma2;
        if (training) {
            if (meanCache == null || meanCache.length() != channels) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    meanCache = Nd4j.create(DataType.FLOAT, channels);
                    varCache = Nd4j.create(DataType.FLOAT, channels);
                }
                this.mean = new double[channels];
                this.var = new double[channels];
            }
            bn.statistics(floats(in), this.mean, this.var);
            store(this.mean, meanCache);
            store(this.var, varCache);
            mu = this.mean;
            sigma2 = this.var;
            ownStatistics = true;
        } else {
            mu = mean.toDoubleVector();
            sigma2 = var.toDoubleVector();
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, in.shape(), 'c');
        bn.normalize(floats(in), mu, sigma2, gamma.toFloatVector(), beta.toFloatVector(), eps, floats(out));
        return out;
    }

    /** The backward pass of the last training forward pass, with its batch statistics. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (input.dataType() != DataType.FLOAT) {
            return null; // DL4J's built-in backprop
        }
        if (!handled(input, format)) {
            return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
        }
        INDArray in = dense(input);
        INDArray grad = dense(epsilon); // DL4J #8860: epsilon may come with other strides
        INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, in.shape(), 'c');
        int channels = (int) in.size(1);
        double[] dGamma = new double[channels];
        double[] dBeta = new double[channels];
        new BatchNormArithmetic(in.shape()).backward(floats(in), floats(grad), mean, var, gamma.toFloatVector(), eps,
                floats(gradAtInput), dGamma, dBeta);
        store(dGamma, dGammaView);
        store(dBeta, dBetaView);
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, gradAtInput);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return ownStatistics ? meanCache : super.getMeanCache(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return ownStatistics ? varCache : super.getVarCache(dataType);
    }
}
