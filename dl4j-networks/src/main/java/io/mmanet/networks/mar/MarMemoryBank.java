package io.mmanet.networks.mar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.task.Task;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MAR memory bank (spec decision 5, sections 3.3 and 3.6): the discrepancy d_c of each
 * (M-1)-combination against full, recorded at every mining epoch (the task's
 * {@code miningDiscrepancy}: KL of predicted-label histograms for classification, squared mIoU
 * difference for segmentation); the bank value is the mean over the mining epochs.
 * The weak combination c* is the argmax (the first candidate in canonical order on ties) and the
 * weak set W is every non-empty subset of c*.
 *
 * <p>The state ({@link State}) is plain data for JSON checkpoints: {@link #toJson()} /
 * {@link #fromJson(String, Modalities)}.
 */
public final class MarMemoryBank implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One mining epoch. */
    public static final class EpochRecord implements Serializable {
        private static final long serialVersionUID = 1L;
        /** 1-based epoch after which the mining ran. */
        public int epoch;
        /** Predicted-label counts per combination (candidates and full), keyed by "rgb+ir" etc. */
        public Map<String, long[]> histograms = new LinkedHashMap<>();
        /** d_c per candidate (not full). */
        public Map<String, Double> discrepancies = new LinkedHashMap<>();
    }

    /** Serializable state. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Modality names in order (checked on restore). */
        public List<String> modalities = new ArrayList<>();
        /** Smoothing epsilon of the KL. */
        public double klEpsilon;
        public List<EpochRecord> epochs = new ArrayList<>();
    }

    private final Modalities modalities;
    private final State state;

    public MarMemoryBank(Modalities modalities, double klEpsilon) {
        this.modalities = modalities;
        this.state = new State();
        state.modalities.addAll(modalities.names());
        state.klEpsilon = klEpsilon;
    }

    /** The modalities the bank was created for. */
    public Modalities modalities() {
        return modalities;
    }

    private MarMemoryBank(Modalities modalities, State state) {
        if (!state.modalities.equals(modalities.names())) {
            throw new IllegalArgumentException("memory bank was recorded for modalities " + state.modalities
                    + ", configured modalities are " + modalities.names());
        }
        this.modalities = modalities;
        this.state = state;
    }

    /**
     * Records one mining epoch from the predicted-label counts of every candidate and of the full
     * combination ({@link WeakCombinationMiner#candidates}).
     */
    public synchronized void record(int epoch, Map<ModalityCombination, long[]> histograms) {
        ModalityCombination full = ModalityCombination.full(modalities);
        long[] fullCounts = require(histograms, full);
        add(epoch, histograms, c -> WeakCombinationMiner.discrepancy(require(histograms, c), fullCounts, state.klEpsilon));
    }

    /**
     * Records one mining epoch from the confusion matrices of every candidate and of full on the
     * mining split, with {@code task}'s discrepancy (segmentation: (mIoU_c - mIoU_full)^2, spec 3.6).
     */
    public synchronized void record(int epoch, Map<ModalityCombination, ConfusionMatrix> confusions, Task task) {
        ModalityCombination full = ModalityCombination.full(modalities);
        ConfusionMatrix fullCm = require(confusions, full);
        Map<ModalityCombination, long[]> histograms = new LinkedHashMap<>();
        confusions.forEach((c, cm) -> histograms.put(c, cm.predictedCounts()));
        add(epoch, histograms, c -> task.miningDiscrepancy(require(confusions, c), fullCm, state.klEpsilon));
    }

    private void add(int epoch, Map<ModalityCombination, long[]> histograms,
                     java.util.function.ToDoubleFunction<ModalityCombination> discrepancy) {
        for (EpochRecord r : state.epochs) {
            if (r.epoch == epoch) {
                throw new IllegalStateException("mining epoch " + epoch + " already recorded");
            }
        }
        EpochRecord r = new EpochRecord();
        r.epoch = epoch;
        for (ModalityCombination c : WeakCombinationMiner.candidates(modalities)) {
            r.histograms.put(c.toString(), require(histograms, c).clone());
            if (!c.isFull()) {
                r.discrepancies.put(c.toString(), discrepancy.applyAsDouble(c));
            }
        }
        state.epochs.add(r);
    }

    private static <V> V require(Map<ModalityCombination, V> byCombination, ModalityCombination c) {
        V v = byCombination.get(c);
        if (v == null) {
            throw new IllegalArgumentException("mining results lack combination " + c);
        }
        return v;
    }

    public synchronized int epochsRecorded() {
        return state.epochs.size();
    }

    /** Mean d_c over the recorded mining epochs, per candidate in canonical order. */
    public synchronized Map<ModalityCombination, Double> meanDiscrepancies() {
        if (state.epochs.isEmpty()) {
            throw new IllegalStateException("no mining epoch recorded yet");
        }
        Map<ModalityCombination, Double> mean = new LinkedHashMap<>();
        for (ModalityCombination c : WeakCombinationMiner.candidates(modalities)) {
            if (c.isFull()) {
                continue;
            }
            double sum = 0;
            for (EpochRecord r : state.epochs) {
                sum += r.discrepancies.get(c.toString());
            }
            mean.put(c, sum / state.epochs.size());
        }
        return mean;
    }

    /** c* = argmax of the mean discrepancy; the first candidate (canonical order) on ties. */
    public synchronized ModalityCombination weakCombination() {
        ModalityCombination best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Map.Entry<ModalityCombination, Double> e : meanDiscrepancies().entrySet()) {
            if (e.getValue() > bestValue) {
                best = e.getKey();
                bestValue = e.getValue();
            }
        }
        return best;
    }

    /** W = every non-empty subset of c*, canonical order (M = 3, c* = rgb+ir: rgb, ir, rgb+ir). */
    public synchronized Set<ModalityCombination> weakSet() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(weakCombination().subsets()));
    }

    public synchronized State state() {
        return state;
    }

    public synchronized String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write memory bank as JSON", e);
        }
    }

    public static MarMemoryBank fromJson(String json, Modalities modalities) {
        try {
            return new MarMemoryBank(modalities, JSON.readValue(json, State.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a MAR memory bank JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The weak set as names ("rgb", "ir", "rgb+ir"), for logs and broadcast. */
    public static List<String> names(Set<ModalityCombination> set) {
        List<String> n = new ArrayList<>();
        for (ModalityCombination c : set) {
            n.add(c.toString());
        }
        return n;
    }
}
