package io.github.neuralode.train;

import java.nio.file.Path;

/**
 * Thrown when a training loss or gradient norm becomes NaN or infinite. The parameters were not
 * updated with the bad gradient, and no checkpoint was written after it: the last good
 * checkpoint (named in the message) is kept for resuming with other settings.
 */
public final class NonFiniteTrainingException extends TrainingFailedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was non-finite, where, and what to do
     * @param epoch the 1-based epoch in which it happened
     * @param iteration the 1-based training step in which it happened
     * @param lastCheckpoint the folder of the last periodic checkpoint, or null if none yet
     */
    public NonFiniteTrainingException(
            String message, int epoch, long iteration, Path lastCheckpoint) {
        super(message, epoch, iteration, lastCheckpoint, null);
    }
}
