package io.github.neuralode.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown by {@link FitLoop#fit()} when training cannot go on: a loss or gradient became NaN or
 * infinite ({@link NonFiniteTrainingException}), or an ODE solve inside the model failed (the
 * solver's {@code OdeSolveException} is the cause). The parameters were not updated by the failed
 * step and no checkpoint was written after it, so the last good checkpoint (named in the message
 * and by {@link #getLastCheckpoint()}) can be resumed with other settings.
 */
public class TrainingFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final long iteration;
    private final transient Path lastCheckpoint;

    /**
     * Creates the exception.
     *
     * @param message what failed, where, and what to do
     * @param epoch the 1-based epoch in which it happened
     * @param iteration the 1-based training step in which it happened (for a failure after the
     *     epoch's steps, such as in validation, the last step of the epoch)
     * @param lastCheckpoint the folder of the last periodic checkpoint, or null if none was
     *     written yet
     * @param cause the underlying failure, or null
     */
    public TrainingFailedException(
            String message, int epoch, long iteration, Path lastCheckpoint, Throwable cause) {
        super(message, cause);
        this.epoch = epoch;
        this.iteration = iteration;
        this.lastCheckpoint = lastCheckpoint;
    }

    /**
     * Returns the epoch in which training failed.
     *
     * @return the 1-based epoch
     */
    public int getEpoch() {
        return epoch;
    }

    /**
     * Returns the training step in which training failed.
     *
     * @return the 1-based iteration, counted from the start of the run
     */
    public long getIteration() {
        return iteration;
    }

    /**
     * Returns the last good checkpoint, from which the run can be resumed.
     *
     * @return its folder, or empty if none was written yet
     */
    public Optional<Path> getLastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}
