package io.mmanet.jobs.checkpoint;

import io.mmanet.networks.mar.MarMemoryBank;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything besides the model that a resumed run needs to continue exactly where it stopped.
 * All randomness of a run is derived from {@code seed} and the epoch number (input order,
 * augmentation, combination draws, averaging splits), so the seed plus {@code completedEpochs} is
 * the complete RNG state. Serialised as JSON ({@code state.json}).
 */
public final class TrainingState {
    /** teacher or deployment. */
    public String role;
    /** Registered method name of the deployment role ({@code Methods}); null for the teacher. */
    public String method;
    /** Fixed combination for the customised SF models; null otherwise. */
    public String combination;
    /** Epochs finished; the next epoch to train is completedEpochs + 1. */
    public int completedEpochs;
    /** Total epochs the run was configured for. */
    public int totalEpochs;
    public long seed;
    /** The MAR memory bank: per mining epoch, the predicted-label histograms and discrepancies. */
    public MarMemoryBank.State marBank;
    /**
     * Other methods' epoch-hook state by key ({@code HookState.put}), as JSON (e.g. DMRNet's
     * per-combination variances and hard set); restored on resume.
     */
    public Map<String, JsonNode> methodState = new LinkedHashMap<>();
    /** The weak set fixed at the end of warm-up, in canonical order; empty before that. */
    public List<String> weakSet = new ArrayList<>();
    public List<EpochRecord> history = new ArrayList<>();
    /** Train-split rows this model trains on (-1: not recorded, a checkpoint of an older version). */
    public long trainRows = -1;
    /** Train-split rows skipped because they lack a modality the model needs. */
    public long skippedRows;
    /** Why rows were skipped (null when none were). */
    public String skipReason;
    /** Train rows each teacher of a distilling method learnt from, by the teacher's combination. */
    public Map<String, Long> teacherRows = new LinkedHashMap<>();

    public TrainingState() {
    }

    public TrainingState(String role, String method, String combination, int totalEpochs, long seed) {
        this.role = role;
        this.method = method;
        this.combination = combination;
        this.totalEpochs = totalEpochs;
        this.seed = seed;
    }
}
