package io.github.neuralode.train;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What a checkpoint folder holds besides tensors: the epoch it was taken after, the iteration
 * count, the run's seed, the metric history up to that epoch (from which the best epoch and the
 * early-stopping counter are recomputed on resume), the id of the run that wrote it and that
 * run's {@link RunDefinition}.
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
 * @param runId the id of the run that wrote it (a UUID made when a run starts fresh and kept on
 *     resume); null for checkpoints of format version 1, which recorded none
 * @param definition what defines that run ({@link RunDefinition#unknown()} if not recorded)
 */
public record Checkpoint(
        Path folder,
        int epoch,
        long iterations,
        long seed,
        List<EpochMetrics> history,
        String runId,
        RunDefinition definition) {

    /** Copies the history. */
    public Checkpoint {
        history = List.copyOf(history);
    }

    /**
     * Creates the checkpoint of a one-off run outside {@link FitLoop}: a fresh run id and no run
     * definition, so that saving it replaces no other checkpoint.
     *
     * @param folder where the checkpoint lies (null before it is written)
     * @param epoch the number of finished epochs
     * @param iterations the number of training steps taken
     * @param seed the run's seed
     * @param history the metrics of epochs 1 to {@code epoch}
     */
    public Checkpoint(
            Path folder, int epoch, long iterations, long seed, List<EpochMetrics> history) {
        this(
                folder,
                epoch,
                iterations,
                seed,
                history,
                UUID.randomUUID().toString(),
                RunDefinition.unknown());
    }
}
