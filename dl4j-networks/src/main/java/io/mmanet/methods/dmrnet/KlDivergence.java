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
 * The KL output {@code kl_out}: mu and log sigma^2 of the embedding flattened per sample and
 * merged, with {@link GaussianKlLoss} of weight {@code method.dmrnet.kl-scale}. Training-only (not
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
        String mu = blocks.flatten("kl_mu_flat", DmrnetMethod.muVertex(blocks));
        String logvar = blocks.flatten("kl_logvar_flat", DmrnetMethod.logvarVertex(blocks));
        String in = blocks.vertex("kl_in", new MergeVertex(), mu, logvar);
        double scale = g.settings().options(DmrnetOptions.class).klScale();
        g.graph().addLayer(KL_OUT, new LossLayer.Builder(new GaussianKlLoss(scale, g.spec().featureSize()))
                .activation(Activation.IDENTITY).build(), in);
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
