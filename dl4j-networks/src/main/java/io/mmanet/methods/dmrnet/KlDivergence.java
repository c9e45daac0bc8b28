package io.mmanet.methods.dmrnet;

import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.TrainingPart;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The KL output {@code kl_out}: mu and log sigma^2 of the embedding flattened per sample (C x h x w
 * values each, {@link DmrnetMethod.EmbeddingShape}) and merged, with {@link GaussianKlLoss} of
 * weight {@code method.dmrnet.kl-scale}: the mean over the batch of the sum over all C*h*w
 * dimensions, for both tasks (spec 7.1; the authors' segmentation code averages over positions
 * instead, i.e. divides by h*w: docs/methods.md). Training-only (not
 * on the path of the deployment output, so extraction drops it). On from the first epoch, as in
 * the authors' code: its gate label is always 1.
 */
final class KlDivergence implements TrainingPart {
    private static final long serialVersionUID = 1L;

    static final String KL_OUT = "kl_out";

    @Override
    public List<String> outputs() {
        return List.of(KL_OUT);
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        NetworkBlocks blocks = g.deployment().blocks();
        DmrnetMethod.EmbeddingShape shape = DmrnetMethod.EmbeddingShape.of(g.spec());
        String mu = flat(blocks, "kl_mu_flat", DmrnetMethod.muVertex(blocks), shape);
        String logvar = flat(blocks, "kl_logvar_flat", DmrnetMethod.logvarVertex(blocks), shape);
        String in = blocks.vertex("kl_in", new MergeVertex(), mu, logvar);
        double scale = g.settings().options(DmrnetOptions.class).klScale();
        g.graph().addLayer(KL_OUT, new LossLayer.Builder(new GaussianKlLoss(scale, shape.size()))
                .activation(Activation.IDENTITY).build(), in);
    }

    private static String flat(NetworkBlocks blocks, String local, String map, DmrnetMethod.EmbeddingShape shape) {
        return blocks.flatten(local, map, shape.height(), shape.width(), shape.channels());
    }

    @Override
    public List<INDArray> labels(Minibatch batch) {
        return List.of(batch.filled(1, 1.0));
    }

    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        return List.of(batch.ones(1));
    }
}
