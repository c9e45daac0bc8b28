package io.mmanet.jobs.diagnostics;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.train.MethodBatchBuilder;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.diagnostics.TermGradientNorms;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The term gradient norms of a run's training graph at each kept epoch
 * ({@link TermGradientNorms}), on one probe batch of the diagnosed split built the way training
 * builds its batches ({@link MethodBatchBuilder}: the method's combination draws, warm-up gating
 * and the weak set the checkpoint holds), from the first rows the method can train on, with a
 * draw seeded by the run's seed and the epoch, so a rerun measures the same numbers.
 */
final class TermGradientProbe {
    private static final TermGradientProbe NONE = new TermGradientProbe(null, null, null, List.of(), 0);

    private final NetworkSpec spec;
    private final BatchAssembler assembler;
    private final MethodSettings settings;
    private final List<DecodedSample> rows;
    private final long seed;

    private TermGradientProbe(NetworkSpec spec, BatchAssembler assembler, MethodSettings settings,
                              List<DecodedSample> rows, long seed) {
        this.spec = spec;
        this.assembler = assembler;
        this.settings = settings;
        this.rows = rows;
        this.seed = seed;
    }

    /** The probe of {@code run} on {@code split} rows: a batch of {@code train.batch-size-per-worker} trainable rows. */
    static TermGradientProbe of(SeedRuns.Run run, NetworkSpec spec, List<DecodedSample> split) {
        MethodSettings ms = MethodSettings.fromConfig(run.config());
        Method method = run.teacher() ? Methods.teacherMethod() : Methods.get(run.latest().method);
        ms = ms.withMethod(method);
        String combination = run.latest().combination != null ? run.latest().combination
                : run.teacher() ? "full" : null;
        if (combination != null) {
            ms = ms.withFixedCombination(combination);
        }
        ModalityCombination trained = method.trainsOneCombination() ? ms.fixedCombination(spec.modalities()) : null;
        BatchAssembler assembler = new BatchAssembler(spec, method, trained);
        int size = run.config().getInt("train.batch-size-per-worker");
        List<DecodedSample> rows = new ArrayList<>();
        for (DecodedSample s : split) {
            if (rows.size() < size && assembler.canTrain(s.pixels())) {
                rows.add(s);
            }
        }
        return rows.isEmpty() ? NONE : new TermGradientProbe(spec, assembler, ms, List.copyOf(rows), run.latest().seed);
    }

    /**
     * Output name -> gradient norm for the training graph of {@code epoch} and its weak set; empty
     * when the graph has a single output (nothing to compare) or no row can train the method.
     */
    Map<String, Double> measure(ComputationGraph trainingGraph, int epoch, List<String> weakSet, boolean teacher) {
        if (rows.isEmpty() || trainingGraph.getConfiguration().getNetworkOutputs().size() < 2) {
            return Map.of();
        }
        boolean afterWarmup = !teacher && settings.isAfterWarmup(epoch);
        MultiDataSet batch = MethodBatchBuilder.build(spec, assembler,
                weakSet.isEmpty() ? null : weakSet.toArray(new String[0]), epoch, afterWarmup, rows,
                new Random(31 * seed + epoch));
        return TermGradientNorms.measure(trainingGraph, batch);
    }
}
