package io.github.neuralode.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link FitLoop#fit()}.
 *
 * @param history the metrics of every finished epoch, including those restored on resume
 * @param iterations the training steps taken in total
 * @param reason why training ended
 * @param bestEpoch the epoch with the best value of the best metric (0 if none)
 * @param bestValue that value (NaN if none)
 * @param resumedFromEpoch the epoch of the checkpoint resumed from (0 for a fresh run)
 * @param latestCheckpoint the folder of the last periodic checkpoint (null without checkpoints)
 */
public record FitResult(
        List<EpochMetrics> history,
        long iterations,
        StopReason reason,
        int bestEpoch,
        double bestValue,
        int resumedFromEpoch,
        Path latestCheckpoint) {

    /** Copies the history. */
    public FitResult {
        history = List.copyOf(history);
    }

    /**
     * Returns the number of finished epochs.
     *
     * @return the last epoch number
     */
    public int epochs() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
    }

    /**
     * Returns one metric over all epochs.
     *
     * @param name the metric name
     * @return its value per epoch, epoch 1 first; NaN for an epoch that did not record it (a
     *     metric that a resumed run added)
     * @throws IllegalArgumentException if no epoch recorded the metric
     */
    public double[] curve(String name) {
        if (!history.isEmpty() && history.stream().noneMatch(e -> e.values().containsKey(name))) {
            history.get(0).get(name); // throws, naming the metrics that exist
        }
        return history.stream()
                .mapToDouble(e -> e.values().containsKey(name) ? e.get(name) : Double.NaN)
                .toArray();
    }

    /**
     * Returns one metric's value in the last finished epoch.
     *
     * @param name the metric name
     * @return its last value
     * @throws IllegalStateException if no epoch finished
     */
    public double last(String name) {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch finished: there is no last " + name);
        }
        return history.get(history.size() - 1).get(name);
    }
}
