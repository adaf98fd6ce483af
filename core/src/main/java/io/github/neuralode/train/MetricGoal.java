package io.github.neuralode.train;

import ai.djl.util.Preconditions;

/**
 * A metric the fit loop watches, by name (as in {@link EpochMetrics}), and its direction.
 *
 * @param metric the metric name, for example {@code "validation_loss"}
 * @param goal whether smaller or larger is better
 */
public record MetricGoal(String metric, Goal goal) {

    /** Validates the name. */
    public MetricGoal {
        Preconditions.checkArgument(
                metric != null && !metric.isBlank(), "the metric name must not be empty");
    }

    /**
     * Returns a goal to minimize a metric.
     *
     * @param metric the metric name
     * @return the goal
     */
    public static MetricGoal minimize(String metric) {
        return new MetricGoal(metric, Goal.MINIMIZE);
    }

    /**
     * Returns a goal to maximize a metric.
     *
     * @param metric the metric name
     * @return the goal
     */
    public static MetricGoal maximize(String metric) {
        return new MetricGoal(metric, Goal.MAXIMIZE);
    }
}
