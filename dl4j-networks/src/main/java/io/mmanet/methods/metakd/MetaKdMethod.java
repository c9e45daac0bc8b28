package io.mmanet.methods.metakd;

import com.typesafe.config.Config;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.TrainingPart;

import java.util.List;
import java.util.Set;

/**
 * MetaKD (Wang et al. 2024, spec 7.2): the deployment network with absent modalities' blocks
 * mean-filled in the fused tensor, CE + kd-weight * the modality-weighted pairwise distillation
 * ({@link ModalityDistillation}), and the modality weights learned by a first-order meta step on
 * validation rows on the driver after every epoch ({@link MetaStep}). No external teacher: the
 * modalities teach each other. docs/methods.md says where this differs from the authors' code.
 */
public final class MetaKdMethod implements Method {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "metakd";
    }

    @Override
    public String summary() {
        return "mean-filled missing modalities + pairwise modality distillation weighted by meta-learned importance w";
    }

    @Override
    public String column() {
        return "MetaKD";
    }

    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String trunkInput(NetworkBlocks blocks, String fused) {
        return blocks.vertex("fuse_mean_fill", new ModalityBlocksVertex(ModalityBlocksVertex.Mode.MEAN_FILL,
                blocks.spec().modalities().size()), fused, GraphNames.MASK);
    }

    @Override
    public List<TrainingPart> parts() {
        return List.of(new ModalityDistillation());
    }

    @Override
    public List<EpochHook> epochHooks() {
        return List.of(new MetaStep());
    }

    @Override
    public MetaKdSettings options(Config config) {
        return MetaKdSettings.parse(config);
    }
}
