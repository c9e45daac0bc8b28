package io.mmanet.jobs.train;

import io.mmanet.jobs.input.BatchBuilder;
import io.mmanet.jobs.input.BatchLabels;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.MethodState;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The batches of one epoch of a method's training graph: each sample draws its combination from
 * the partition generator as the method says, and the run state ({@link MethodState}: epoch,
 * warm-up, the weak set from the driver's broadcast) is what the method's parts plan the batch
 * from (workers read only the broadcast; MMANET_SPEC.md decisions 2, 5-7).
 */
public final class MethodBatchBuilder implements BatchBuilder {
    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final BatchAssembler assembler;
    private final Broadcast<String[]> weakSet;
    private final int epoch;
    private final boolean afterWarmup;

    /**
     * @param weakSet broadcast names of the weak set (null before it is fixed or for other methods)
     */
    public MethodBatchBuilder(NetworkSpec spec, BatchAssembler assembler, Broadcast<String[]> weakSet, int epoch,
                              boolean afterWarmup) {
        this.spec = spec;
        this.assembler = assembler;
        this.weakSet = weakSet;
        this.epoch = epoch;
        this.afterWarmup = afterWarmup;
    }

    @Override
    public MultiDataSet build(List<DecodedSample> samples, Random rng) {
        return build(spec, assembler, weakSet == null ? null : weakSet.value(), epoch, afterWarmup, samples, rng);
    }

    /**
     * A batch of {@code samples} as training builds it at {@code epoch} with the weak set
     * {@code weakSet} (null: none published), without a broadcast (e.g. a diagnostic probe batch
     * on the driver).
     */
    public static MultiDataSet build(NetworkSpec spec, BatchAssembler assembler, String[] weakSet, int epoch,
                                     boolean afterWarmup, List<DecodedSample> samples, Random rng) {
        float[][][] pixels = new float[samples.size()][][];
        for (int i = 0; i < samples.size(); i++) {
            pixels[i] = samples.get(i).pixels();
        }
        ModalityCombination[] drawn = assembler.drawCombinations(pixels, rng);
        Set<ModalityCombination> weak = null;
        if (weakSet != null) {
            weak = new LinkedHashSet<>();
            for (String name : weakSet) {
                weak.add(ModalityCombination.parse(name, spec.modalities()));
            }
        }
        // A task with several labels per row (segmentation: one per pixel) takes the rows' label images.
        int[] labels = BatchLabels.of(samples, BatchLabels.perPixel(spec));
        return assembler.assemble(pixels, labels, drawn, new MethodState(epoch, afterWarmup, weak));
    }
}
