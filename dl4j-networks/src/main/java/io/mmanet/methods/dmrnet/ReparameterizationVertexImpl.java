package io.mmanet.methods.dmrnet;

import io.mmanet.networks.graph.PairVertexImpl;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Runtime of {@link ReparameterizationVertex}. The eps of a training forward pass is kept (outside
 * the workspaces) for the backward pass: dz/dmu = 1, dz/dlogvar = 0.5 * eps * exp(0.5 * logvar).
 */
final class ReparameterizationVertexImpl extends PairVertexImpl {
    private static final long serialVersionUID = 1L;

    private final Long noiseSeed;
    private transient INDArray eps;
    private transient Random random;

    ReparameterizationVertexImpl(ComputationGraph graph, String name, int index, Long noiseSeed, DataType dataType) {
        super(graph, name, index, dataType);
        this.noiseSeed = noiseSeed;
    }

    /**
     * eps for this forward pass, from a generator seeded with {@code noiseSeed} or else with the
     * network seed mixed with 64 sampled values of mu: a deterministic function of the parameters
     * and the minibatch, so a run and its resume draw the same eps, while different steps and
     * workers (different minibatches) draw different ones.
     */
    private INDArray drawNoise(INDArray mu) {
        long seed = noiseSeed != null ? noiseSeed : dataSeed(mu);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (random == null) {
                random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
            } else {
                random.setSeed(seed);
            }
            INDArray e = Nd4j.createUninitialized(mu.dataType(), mu.shape(), 'c');
            return Nd4j.getExecutioner().exec(new GaussianDistribution(e, 0.0, 1.0), random);
        }
    }

    private long dataSeed(INDArray mu) {
        long h = graph.getConfiguration().getDefaultConfiguration().getSeed();
        INDArray flat = mu.reshape(mu.length());
        long n = flat.length();
        int samples = (int) Math.min(64, n);
        for (int i = 0; i < samples; i++) {
            h = h * 1_000_003L + Double.doubleToLongBits(flat.getDouble(i * n / samples));
        }
        return h ^ (h >>> 29);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(vertexName + ": inputs not set");
        }
        INDArray mu = inputs[0];
        if (!training) {
            eps = null;
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, mu);
        }
        INDArray logvar = inputs[1];
        eps = drawNoise(mu);
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray sigma = Transforms.exp(logvar.mul(0.5), false);
            return sigma.muli(eps).addi(mu);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(vertexName + ": epsilon not set");
        }
        if (eps == null) {
            throw new IllegalStateException(vertexName + ": backward pass without a training forward pass");
        }
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray dMu = epsilon.dup();
            INDArray dLogvar = Transforms.exp(inputs[1].mul(0.5), false).muli(eps).muli(epsilon).muli(0.5);
            return new Pair<>(null, new INDArray[] {dMu, dLogvar});
        }
    }

    @Override
    public String toString() {
        return "ReparameterizationVertex(" + vertexName + ")";
    }
}
