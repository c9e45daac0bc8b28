package io.mmanet.methods.dmrnet;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.methods.parts.PublishedSet;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.TrainingPart;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * DMRNet (Wei et al., ECCV 2024; spec 7.1): SF-MD with a probabilistic embedding between the
 * shared trunk and the head (mu and log sigma^2 from 1x1 conv + BN of the last stage; a sample
 * z = mu + eps * sigma in training, z = mu in inference), a KL term pulling N(mu, sigma^2) to
 * N(0, I), and after warm-up a hard-combination regularizer: extra cross-entropy of the same head
 * on the samples whose drawn combination is in the hard set, mined on the driver from the
 * per-combination mean sigma^2 ({@link HardCombinationMining}) or fixed in the config.
 *
 * <p>Both tasks: the embedding replaces the deepest level the task's head reads (the stage-4 map,
 * before the classification pooling, or the deepest input of the segmentation decoder, whose
 * skips from stage 3, the fused tensor and stage 1 stay deterministic, as the authors'
 * segmentation model puts it after the context module only). The KL is over the whole map
 * (C x h x w per sample, {@link EmbeddingShape}); the regularizer is the task's masked loss, per
 * pixel for segmentation.
 */
public final class DmrnetMethod implements Method {
    private static final long serialVersionUID = 1L;
    /** The set HardCombinationMining publishes, named in errors and result tables. */
    static final String HARD_SET = "DMRNet's hard combination set";

    /** Vertices of the embedding (deployment network, no prefix). */
    static final String MU = "pme_mu";
    static final String LOGVAR = "pme_logvar";
    static final String Z = "pme_z";

    /** eps of the reparameterisation: null draws it per step (training); a fixed seed for gradient checks. */
    private final Long noiseSeed;

    public DmrnetMethod() {
        this(null);
    }

    /** DMRNet whose embedding draws the same eps at every forward pass (gradient checks of whole graphs). */
    DmrnetMethod(Long noiseSeed) {
        this.noiseSeed = noiseSeed;
    }

    /**
     * Per-sample shape of the probabilistic embedding: mu and log sigma^2 have the channels of the
     * last trunk stage (the 1x1 convolutions keep them, as the authors' code) on its h x w map.
     */
    record EmbeddingShape(int channels, int height, int width) {
        static EmbeddingShape of(NetworkSpec spec) {
            return new EmbeddingShape(spec.stageWidth(4), spec.finalHeight(), spec.finalWidth());
        }

        /** The dimensions the KL sums over: C * h * w. */
        long size() {
            return (long) channels * height * width;
        }
    }

    @Override
    public String name() {
        return "dmrnet";
    }

    @Override
    public String summary() {
        return "sf-md + probabilistic embedding (KL to N(0,I)) + regularizer on the hard combinations (largest variance)";
    }

    @Override
    public String column() {
        return "DMRNet";
    }

    @Override
    public Set<String> tasks() {
        return CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String embedding(NetworkBlocks blocks, String trunkFeatures) {
        int channels = EmbeddingShape.of(blocks.spec()).channels();
        String mu = blocks.convBn(MU, trunkFeatures, 1, channels);
        String logvar = blocks.convBn(LOGVAR, trunkFeatures, 1, channels);
        return blocks.vertex(Z, new ReparameterizationVertex(noiseSeed), mu, logvar);
    }

    /** Output vertex of the mean (BN of the 1x1 convolution). */
    static String muVertex(NetworkBlocks blocks) {
        return blocks.name(MU + "_bn");
    }

    static String logvarVertex(NetworkBlocks blocks) {
        return blocks.name(LOGVAR + "_bn");
    }

    @Override
    public List<TrainingPart> parts() {
        return List.of(new KlDivergence(), new HardCombinationRegularizer(new PublishedSet(HARD_SET)));
    }

    @Override
    public String publishedSetName() {
        return HARD_SET;
    }

    @Override
    public List<EpochHook> epochHooks() {
        return List.of(new HardCombinationMining());
    }

    @Override
    public Serializable options(Config config) {
        return DmrnetOptions.fromConfig(config);
    }

    @Override
    public void validate(MethodSettings settings) {
        if (settings.warmupEpochs() < 1) {
            throw new ConfigValidationException("method.warmup-epochs = 0 but method.name = " + name()
                    + " fixes its hard combinations at the end of warm-up; give at least 1");
        }
        if (!settings.options(DmrnetOptions.class).fixed() && settings.miningEpochs().length == 0) {
            throw new ConfigValidationException("method.mining-epochs is empty and method.dmrnet.hard-combinations"
                    + " is empty, but method.name = " + name() + " needs one of them to choose its hard combinations");
        }
    }
}
