package io.mmanet.methods.dmrnet;

import io.mmanet.methods.parts.Regularization;
import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.TrainingPart;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The hard-combination regularizer {@code hcr_out}: in the authors' code the "auxiliary" logits
 * are the shared head applied to the same sampled embedding, so they are the deployment logits;
 * the term is the task's masked loss on them, weight {@code method.dmrnet.hcr-scale}, averaged over
 * the whole batch, counting the samples whose drawn combination is in the hard set (after warm-up).
 */
final class HardCombinationRegularizer implements TrainingPart {
    private static final long serialVersionUID = 1L;

    static final String HCR_OUT = "hcr_out";

    private final Regularization.RegularizedSet set;

    HardCombinationRegularizer(Regularization.RegularizedSet set) {
        this.set = set;
    }

    @Override
    public List<String> outputs() {
        return List.of(HCR_OUT);
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        double scale = g.settings().options(DmrnetOptions.class).hcrScale();
        g.task().output(g.deployment().blocks(), HCR_OUT, g.deployment().logits(), g.task().maskedLoss(g.spec(), scale));
    }

    @Override
    public List<INDArray> labels(Minibatch batch) {
        return List.of(batch.taskLabels());
    }

    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        return List.of(Regularization.mask(batch, set));
    }
}
