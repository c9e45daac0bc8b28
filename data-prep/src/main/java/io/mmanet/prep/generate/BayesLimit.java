package io.mmanet.prep.generate;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lowest ACER any classifier can reach on a corpus {@link CorpusGenerator} writes, per
 * modality combination: its information limit, against which a method's error is read.
 *
 * <p>Given the label, each modality independently shows the true class with probability
 * (1 + q) / 2 and the other class otherwise (q = its informativeness: with probability q the true
 * cues, else a random class at even odds). What a present modality can tell a classifier is at
 * most which class it shows, so the best rule sees one of 2^k patterns; the balanced error
 * (APCER + BPCER) / 2 of the best rule on a pattern set is half the sum, over patterns, of the
 * smaller of the two class likelihoods. Rendering noise is ignored: the limit is a lower bound.
 */
public final class BayesLimit {
    private BayesLimit() {
    }

    /** The lowest ACER on {@code combination}, given each modality's informativeness (by index). */
    public static double acer(double[] informativeness, ModalityCombination combination) {
        int[] present = new int[combination.size()];
        for (int m = 0, k = 0; m < informativeness.length; m++) {
            if (combination.contains(m)) {
                present[k++] = m;
            }
        }
        double sum = 0;
        for (int pattern = 0; pattern < 1 << present.length; pattern++) {
            // bit k set: modality present[k] shows the attack class.
            double likeBonaFide = 1;
            double likeAttack = 1;
            for (int k = 0; k < present.length; k++) {
                double right = (1 + informativeness[present[k]]) / 2;
                boolean showsAttack = (pattern & (1 << k)) != 0;
                likeBonaFide *= showsAttack ? 1 - right : right;
                likeAttack *= showsAttack ? right : 1 - right;
            }
            sum += Math.min(likeBonaFide, likeAttack);
        }
        return sum / 2;
    }

    /** The lowest ACER per combination in the canonical order, for the corpus {@code settings} describes. */
    public static Map<String, Double> perCombination(GenerateSettings settings) {
        Modalities modalities = new Modalities(settings.corpus().modalities());
        Map<String, Double> limits = new LinkedHashMap<>();
        for (ModalityCombination c : ModalityCombination.all(modalities)) {
            limits.put(c.toString(), acer(settings.informativeness(), c));
        }
        return limits;
    }

    /** The mean of {@link #perCombination}: the lowest possible ACER averaged over every combination. */
    public static double mean(GenerateSettings settings) {
        return perCombination(settings).values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
