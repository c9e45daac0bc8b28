package io.mmanet.prep.generate;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.corpus.CorpusSettings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** Typed, checked view of the {@code generate} section (plus the corpus settings it writes for). */
public record GenerateSettings(int samples, long seed, int imageSize, List<Double> splitFractions,
                               double bonaFideFraction, List<AttackType> attackTypes, double[] informativeness,
                               double missingFraction, double noise, CorpusSettings corpus) {

    public static GenerateSettings fromConfig(Config c) {
        CorpusSettings corpus = CorpusSettings.fromConfig(c);
        if (corpus.segmentation()) {
            throw new ConfigValidationException("corpus.task = segmentation: the face anti-spoofing generator writes a "
                    + "classification corpus; segmentation scenes come from SceneGenerator (mmanet generate --task "
                    + "segmentation)");
        }
        List<Double> fractions = splitFractions(c, corpus);
        List<AttackType> attacks = new ArrayList<>();
        for (String a : ConfigChecks.strings(c, "generate.attack-types")) {
            try {
                attacks.add(AttackType.valueOf(a.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigValidationException("generate.attack-types: '" + a + "' is not allowed; allowed values: "
                        + EnumSet.allOf(AttackType.class).toString().toLowerCase(Locale.ROOT));
            }
        }
        if (attacks.isEmpty()) {
            throw new ConfigValidationException("generate.attack-types: at least one attack type is needed");
        }
        if (corpus.labelNames().size() != 2 || corpus.bonaFideIndex() < 0) {
            throw new ConfigValidationException("mmanet generate writes a binary face anti-spoofing corpus: "
                    + "corpus.label-names needs exactly two classes and corpus.bona-fide-label one of them (now "
                    + corpus.labelNames() + ", '" + corpus.bonaFideLabel() + "')");
        }
        double[] info = new double[corpus.modalities().size()];
        for (int m = 0; m < info.length; m++) {
            Modality spec = corpus.modalities().get(m);
            if (SceneRenderer.kindOf(spec.name()) == null) {
                throw new ConfigValidationException("modalities[" + m + "].name = '" + spec.name()
                        + "': mmanet generate renders only rgb, depth and ir");
            }
            String key = "generate.informativeness." + spec.name();
            if (!c.hasPath(key)) {
                throw new ConfigValidationException(key + " is not set (needed for every configured modality)");
            }
            info[m] = ConfigChecks.doubleInRange(c, key, 0, 1);
        }
        return new GenerateSettings(
                ConfigChecks.intInRange(c, "generate.samples", 1, 10_000_000),
                ConfigChecks.longInRange(c, "generate.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                ConfigChecks.intInRange(c, "generate.image-size", 16, 1024),
                List.copyOf(fractions),
                ConfigChecks.doubleInRange(c, "generate.bona-fide-fraction", 0, 1),
                List.copyOf(attacks),
                info,
                ConfigChecks.doubleInRange(c, "generate.missing-fraction", 0, 1),
                ConfigChecks.doubleInRange(c, "generate.noise", 0, 128),
                corpus);
    }

    /** generate.split-fractions: one non-negative fraction per split of corpus.lists, summing to 1. */
    static List<Double> splitFractions(Config c, CorpusSettings corpus) {
        List<Double> fractions;
        try {
            fractions = c.getDoubleList("generate.split-fractions");
        } catch (RuntimeException e) {
            throw new ConfigValidationException("generate.split-fractions: expected a list of numbers: "
                    + e.getMessage(), e);
        }
        if (fractions.size() != corpus.lists().size()) {
            throw new ConfigValidationException("generate.split-fractions has " + fractions.size()
                    + " entries but corpus.lists names " + corpus.lists().size() + " splits " + corpus.splits());
        }
        double sum = 0;
        for (double f : fractions) {
            if (f < 0) {
                throw new ConfigValidationException("generate.split-fractions = " + fractions + ": negative entry");
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new ConfigValidationException("generate.split-fractions = " + fractions + " sums to " + sum
                    + ", not 1");
        }
        return List.copyOf(fractions);
    }
}
