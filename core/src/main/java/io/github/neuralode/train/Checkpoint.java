package io.github.neuralode.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a checkpoint folder holds besides tensors: the epoch it was taken after, the iteration
 * count, the run's seed and the metric history up to that epoch (from which the best epoch and the
 * early-stopping counter are recomputed on resume).
 *
 * <p>The folder (see {@link CheckpointStore}) also holds the model parameters ({@code
 * parameters.ndlist}) and the optimizer state ({@code optimizer.ndlist}, counters in {@code
 * checkpoint.json}).
 *
 * @param folder where the checkpoint lies (null before it is written)
 * @param epoch the number of finished epochs
 * @param iterations the number of training steps taken
 * @param seed the run's seed
 * @param history the metrics of epochs 1 to {@code epoch}
 */
public record Checkpoint(
        Path folder, int epoch, long iterations, long seed, List<EpochMetrics> history) {

    /** Copies the history. */
    public Checkpoint {
        history = List.copyOf(history);
    }
}
