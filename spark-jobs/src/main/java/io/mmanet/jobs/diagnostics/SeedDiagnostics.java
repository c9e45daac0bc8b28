package io.mmanet.jobs.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmanet.jobs.checkpoint.EpochRecord;
import io.mmanet.networks.metrics.HeadlineMetric;

import java.util.List;
import java.util.Map;

/**
 * Everything the diagnostics measured for one seed of an ablation: per run and kept epoch, the
 * headline metric per combination on the split and the term gradient norms; the runs' loss
 * history; the teacher's confidence; MMANet's weak set and memory bank.
 *
 * @param teacher null when the seed has no teacher run
 * @param mar     null when no run mined a weak set
 */
public record SeedDiagnostics(String seed, String seedDir, String split, HeadlineMetric metric, List<RunCurves> runs,
                              TeacherSummary teacher, MarSummary mar, double seconds) {

    /**
     * One kept epoch of a run.
     *
     * @param headline      the headline metric per combination the run serves (canonical order)
     * @param mean          its mean over those combinations (the table's average for a unified model)
     * @param gradientNorms per training-graph output, the L2 norm of that output's loss gradient over
     *                      the deployment network's parameters on a probe batch (empty when not measured)
     */
    public record Point(int epoch, Map<String, Double> headline, double mean, Map<String, Double> gradientNorms) {
    }

    /**
     * One run's curves.
     *
     * @param run         its folder under {@code runs/} ("sf/rgb")
     * @param column      the ablation table's column of its method ("teacher" for the teacher)
     * @param combination the one combination it serves (SF, the teacher), or null for a unified model
     * @param history     the loss terms per epoch from its newest checkpoint's training state
     */
    public record RunCurves(String run, String column, String method, String combination, List<Point> points,
                            List<EpochRecord> history) {
    }

    /**
     * The teacher's final model on the split: its headline metric and accuracy on the full
     * combination, and the entropy of its predictions ({@link TeacherConfidence}).
     */
    public record TeacherSummary(String run, int epoch, double headline, double accuracy, long counted,
                                 double[] edges, long[] counts, double meanEntropy, double medianEntropy,
                                 double confidentlyWrong, double confidentProbability) {
    }

    /**
     * The mined weak set of a run ({@code mar/weak-set.json}) and its memory bank
     * ({@code mar/memory-bank.json}: per mining epoch, the discrepancy of each combination).
     */
    public record MarSummary(String run, List<String> weakSet, String weakCombination,
                             Map<String, Double> meanDiscrepancy, JsonNode memoryBank) {
    }
}
