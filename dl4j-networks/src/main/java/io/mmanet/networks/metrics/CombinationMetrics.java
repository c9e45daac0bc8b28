package io.mmanet.networks.metrics;

/**
 * Metrics of one model on one modality combination. Ratios that are undefined on the data (no
 * attack sample, no bona-fide sample) are {@code NaN}; binary-only metrics are {@code NaN} for
 * multi-class tasks.
 *
 * @param error the headline error plotted per combination: ACER for binary tasks with a
 *              bona-fide label, otherwise 1 - accuracy
 */
public record CombinationMetrics(String combination, long n, double accuracy, double apcer, double bpcer,
                                 double acer, double macroF1, double error) {

    /**
     * @param bonaFideLabel the bona-fide class for binary anti-spoofing, or a negative value for a
     *                      multi-class task (then APCER/BPCER/ACER are NaN)
     */
    public static CombinationMetrics of(String combination, ConfusionMatrix cm, int bonaFideLabel) {
        long n = cm.total();
        double accuracy = ratio(cm.correct(), n);
        double macroF1 = macroF1(cm);
        double apcer = Double.NaN;
        double bpcer = Double.NaN;
        double acer = Double.NaN;
        boolean binary = bonaFideLabel >= 0 && cm.numClasses() == 2;
        if (bonaFideLabel >= cm.numClasses()) {
            throw new IllegalArgumentException("bona-fide label " + bonaFideLabel + " is outside [0, "
                    + cm.numClasses() + ")");
        }
        if (bonaFideLabel >= 0) {
            // Every non-bona-fide class is an attack; an attack is accepted when predicted bona fide.
            long attacks = 0;
            long attacksAccepted = 0;
            for (int t = 0; t < cm.numClasses(); t++) {
                if (t != bonaFideLabel) {
                    attacks += cm.actual(t);
                    attacksAccepted += cm.count(t, bonaFideLabel);
                }
            }
            long bonaFide = cm.actual(bonaFideLabel);
            long bonaFideRejected = bonaFide - cm.count(bonaFideLabel, bonaFideLabel);
            apcer = ratio(attacksAccepted, attacks);
            bpcer = ratio(bonaFideRejected, bonaFide);
            acer = (apcer + bpcer) / 2;
        }
        double error = binary ? acer : 1 - accuracy;
        return new CombinationMetrics(combination, n, accuracy, apcer, bpcer, acer, macroF1, error);
    }

    /** Unweighted mean of per-class F1; a class absent from both truth and predictions is skipped. */
    static double macroF1(ConfusionMatrix cm) {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < cm.numClasses(); c++) {
            long tp = cm.count(c, c);
            long actual = cm.actual(c);
            long predicted = cm.predicted(c);
            if (actual == 0 && predicted == 0) {
                continue;
            }
            sum += 2.0 * tp / (actual + predicted);
            classes++;
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
