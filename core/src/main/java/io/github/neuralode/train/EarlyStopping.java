package io.github.neuralode.train;

import ai.djl.util.Preconditions;

import java.util.List;

/**
 * Stops training once a metric has not improved by more than {@code minDelta} for {@code
 * patience} consecutive epochs. Decided from the metric history alone, so a resumed run stops at
 * the same epoch as an uninterrupted one.
 *
 * @param watch the metric and its direction
 * @param patience epochs without improvement that end training, {@code >= 1}
 * @param minDelta the smallest change that counts as improvement, {@code >= 0}
 */
public record EarlyStopping(MetricGoal watch, int patience, double minDelta) {

    /** Validates the settings. */
    public EarlyStopping {
        Preconditions.checkArgument(patience >= 1, "patience must be >= 1, got " + patience);
        Preconditions.checkArgument(minDelta >= 0, "minDelta must be >= 0, got " + minDelta);
    }

    /**
     * Returns whether training should stop after the last epoch of a history.
     *
     * @param history the metrics of all finished epochs
     * @return {@code true} if the last {@code patience} epochs did not improve on the best before
     */
    public boolean shouldStop(List<EpochMetrics> history) {
        double best = Double.NaN;
        int sinceBest = 0;
        for (EpochMetrics epoch : history) {
            double value = epoch.get(watch.metric());
            if (watch.goal().improves(value, best, minDelta)) {
                best = value;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        return sinceBest >= patience;
    }
}
