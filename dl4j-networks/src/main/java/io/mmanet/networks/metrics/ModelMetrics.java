package io.mmanet.networks.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One model's metrics over every evaluated modality combination, in evaluation order, plus the
 * mean over combinations (the headline of MMANET_SPEC.md decision 9: each combination counts once,
 * whatever its sample count).
 */
public final class ModelMetrics {
    private final String model;
    private final List<CombinationMetrics> perCombination;

    public ModelMetrics(String model, List<CombinationMetrics> perCombination) {
        if (perCombination.isEmpty()) {
            throw new IllegalArgumentException("no combination evaluated for model " + model);
        }
        this.model = model;
        this.perCombination = List.copyOf(perCombination);
    }

    /** Builds the metrics from per-combination confusion matrices (keys in evaluation order). */
    public static ModelMetrics fromConfusion(String model, Map<String, ConfusionMatrix> byCombination,
                                             int bonaFideLabel) {
        List<CombinationMetrics> rows = new ArrayList<>();
        byCombination.forEach((c, cm) -> rows.add(CombinationMetrics.of(c, cm, bonaFideLabel)));
        return new ModelMetrics(model, rows);
    }

    public String model() {
        return model;
    }

    public List<CombinationMetrics> perCombination() {
        return Collections.unmodifiableList(perCombination);
    }

    public CombinationMetrics combination(String name) {
        for (CombinationMetrics m : perCombination) {
            if (m.combination().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("combination " + name + " was not evaluated for " + model);
    }

    /** Mean of a metric over combinations, ignoring combinations where it is undefined (NaN). */
    public double mean(ToDoubleFunction<CombinationMetrics> metric) {
        double sum = 0;
        int k = 0;
        for (CombinationMetrics m : perCombination) {
            double v = metric.applyAsDouble(m);
            if (!Double.isNaN(v)) {
                sum += v;
                k++;
            }
        }
        return k == 0 ? Double.NaN : sum / k;
    }

    /** The means of every metric, keyed as in metrics.json. */
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", mean(CombinationMetrics::accuracy));
        m.put("apcer", mean(CombinationMetrics::apcer));
        m.put("bpcer", mean(CombinationMetrics::bpcer));
        m.put("acer", mean(CombinationMetrics::acer));
        m.put("macro_f1", mean(CombinationMetrics::macroF1));
        m.put("error", mean(CombinationMetrics::error));
        return m;
    }

    public double meanError() {
        return mean(CombinationMetrics::error);
    }
}
