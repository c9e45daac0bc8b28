package io.mmanet.methods.dmrnet;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.mar.WeakCombinationMiner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DMRNet's adaptive hard-combination rule (spec 7.1, the audio-visual version's rule generalised to
 * M modalities): per mining epoch, the mean sigma^2 of the probabilistic embedding of each
 * (M-1)-combination on the mining split; the hard combination is the one with the largest mean
 * over the mining epochs (first in canonical order on ties), the hard set its non-empty subsets.
 * For M = 2 that is the single modality with the larger variance, as in the authors' code.
 * {@link State} is plain data: the method's checkpointed hook state.
 */
final class VarianceBank {

    /** One mining epoch: mean sigma^2 per combination name (the (M-1)-combinations and full). */
    public static final class EpochRecord {
        public int epoch;
        public Map<String, Double> meanVariance = new LinkedHashMap<>();
    }

    /** Checkpointed state (JSON). */
    public static final class State {
        public List<String> modalities = new ArrayList<>();
        public List<EpochRecord> epochs = new ArrayList<>();
        /** The hard set once fixed at the end of warm-up (names, canonical order); empty before. */
        public List<String> hardSet = new ArrayList<>();
    }

    private final Modalities modalities;
    private final State state;

    VarianceBank(Modalities modalities, State restoredOrNull) {
        this.modalities = modalities;
        this.state = restoredOrNull != null ? restoredOrNull : new State();
        if (restoredOrNull == null) {
            state.modalities.addAll(modalities.names());
        } else if (!state.modalities.equals(modalities.names())) {
            throw new IllegalArgumentException("DMRNet variance bank was recorded for modalities " + state.modalities
                    + ", configured modalities are " + modalities.names());
        }
    }

    State state() {
        return state;
    }

    int epochsRecorded() {
        return state.epochs.size();
    }

    /** Records (or, for a re-run epoch, replaces) the mean variances measured after {@code epoch}. */
    void record(int epoch, Map<ModalityCombination, Double> meanVariance) {
        state.epochs.removeIf(r -> r.epoch == epoch);
        EpochRecord r = new EpochRecord();
        r.epoch = epoch;
        meanVariance.forEach((c, v) -> r.meanVariance.put(c.toString(), v));
        state.epochs.add(r);
    }

    /** Mean over the recorded epochs of each (M-1)-combination's mean variance, canonical order. */
    Map<ModalityCombination, Double> accumulated() {
        Map<ModalityCombination, Double> mean = new LinkedHashMap<>();
        for (ModalityCombination c : candidates(modalities)) {
            double sum = 0;
            for (EpochRecord r : state.epochs) {
                Double v = r.meanVariance.get(c.toString());
                if (v == null) {
                    throw new IllegalStateException("DMRNet variance bank: epoch " + r.epoch + " has no value for " + c);
                }
                sum += v;
            }
            mean.put(c, sum / state.epochs.size());
        }
        return mean;
    }

    /** The (M-1)-combination with the largest accumulated variance. */
    ModalityCombination hardCombination() {
        if (state.epochs.isEmpty()) {
            throw new IllegalStateException("DMRNet: no variance recorded; method.mining-epochs must lie within the"
                    + " warm-up");
        }
        ModalityCombination best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Map.Entry<ModalityCombination, Double> e : accumulated().entrySet()) {
            if (e.getValue() > bestValue) {
                best = e.getKey();
                bestValue = e.getValue();
            }
        }
        return best;
    }

    /** Every non-empty subset of the hard combination. */
    Set<ModalityCombination> hardSet() {
        return new LinkedHashSet<>(hardCombination().subsets());
    }

    /** The (M-1)-combinations, canonical order (MAR's candidates without full). */
    static List<ModalityCombination> candidates(Modalities modalities) {
        List<ModalityCombination> result = new ArrayList<>(WeakCombinationMiner.candidates(modalities));
        result.remove(result.size() - 1);
        return result;
    }
}
