package io.github.neuralode.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one finished epoch, in insertion order (for example {@code train_loss}, {@code
 * validation_loss}, {@code grad_norm}, {@code seconds}, then those of evaluation callbacks).
 *
 * @param epoch the 1-based epoch number
 * @param iterations the training steps taken from the start of the run to the end of this epoch
 * @param values the named values (losses in the model's loss units, times in seconds)
 */
public record EpochMetrics(int epoch, long iterations, Map<String, Double> values) {

    /** Copies the values, keeping their order. */
    public EpochMetrics {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Returns one metric.
     *
     * @param name the metric name
     * @return its value
     * @throws IllegalArgumentException if this epoch has no such metric
     */
    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "epoch " + epoch + " has no metric '" + name + "'; it has " + values.keySet());
        }
        return value;
    }
}
