package io.github.neuralode.train;

/** Why a fit loop ended. */
public enum StopReason {
    /** All requested epochs ran. */
    EPOCHS_DONE,
    /** The iteration budget was used up. */
    ITERATION_BUDGET,
    /** The early-stopping metric stopped improving. */
    EARLY_STOPPED,
    /**
     * A training step failed (a non-finite loss or gradient, or a failed solve) and the loop was
     * built to stop there ({@code FitLoop.Builder.optStopOnFailure}): the result holds the epochs
     * completed before it.
     */
    FAILED
}
