package io.github.neuralode.train;

/**
 * Thrown when a training loss or gradient norm becomes NaN or infinite. The parameters were not
 * updated with the bad gradient, and no checkpoint was written after it: the last good
 * checkpoint (named in the message) is kept for resuming with other settings.
 */
public final class NonFiniteTrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;

    /**
     * Creates the exception.
     *
     * @param message what was non-finite, where, and what to do
     * @param epoch the 1-based epoch in which it happened
     */
    public NonFiniteTrainingException(String message, int epoch) {
        super(message);
        this.epoch = epoch;
    }

    /**
     * Returns the epoch in which training diverged.
     *
     * @return the 1-based epoch
     */
    public int getEpoch() {
        return epoch;
    }
}
