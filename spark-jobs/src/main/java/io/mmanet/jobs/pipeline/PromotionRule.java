package io.mmanet.jobs.pipeline;

import java.util.Locale;

/**
 * Whether a candidate replaces the promoted model: only when it is better, on the same test shards,
 * by at least the configured margin. The first model (nothing promoted yet) is always promoted.
 */
public record PromotionRule(String metric, boolean higherIsBetter, double minImprovement) {

    public record Decision(boolean promote, String reason) {
    }

    public static PromotionRule of(PipelineSettings s) {
        return new PromotionRule(s.metric(), s.higherIsBetter(), s.minImprovement());
    }

    /**
     * @param candidate the candidate's metric value
     * @param current   the promoted model's value on the same shards, or null when none is promoted
     */
    public Decision decide(double candidate, Double current) {
        if (Double.isNaN(candidate)) {
            return new Decision(false, metric + " of the candidate is undefined (NaN)");
        }
        if (current == null) {
            return new Decision(true, "no model promoted yet");
        }
        if (Double.isNaN(current)) {
            return new Decision(true, metric + " of the current model is undefined (NaN) on these shards");
        }
        double improvement = higherIsBetter ? candidate - current : current - candidate;
        String numbers = String.format(Locale.ROOT, "%s %.6f vs current %.6f (improvement %.6f, required > 0 and >= %.6f)",
                metric, candidate, current, improvement, minImprovement);
        boolean better = improvement > 0 && improvement >= minImprovement;
        return new Decision(better, (better ? "improved: " : "not improved enough: ") + numbers);
    }
}
