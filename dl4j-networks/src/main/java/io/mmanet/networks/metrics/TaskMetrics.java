package io.mmanet.networks.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task's own metrics of one combination, computed from its confusion matrix by the task
 * ({@code Task.metrics}) so that reports need not know the task: named values (e.g. segmentation's
 * {@code miou}, {@code pixel_accuracy}) and named per-class values (e.g. {@code iou}, one per class
 * in class order). Empty for a task whose metrics are the classification ones ({@link CombinationMetrics}).
 */
public record TaskMetrics(String combination, Map<String, Double> values, Map<String, double[]> perClass) {

    public TaskMetrics {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        perClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }

    /** No task-specific metrics. */
    public static TaskMetrics none(String combination) {
        return new TaskMetrics(combination, Map.of(), Map.of());
    }

    public boolean isEmpty() {
        return values.isEmpty() && perClass.isEmpty();
    }
}
