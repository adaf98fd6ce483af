package io.github.neuralode.train;

/** Why a fit loop ended. */
public enum StopReason {
    /** All requested epochs ran. */
    EPOCHS_DONE,
    /** The iteration budget was used up. */
    ITERATION_BUDGET,
    /** The early-stopping metric stopped improving. */
    EARLY_STOPPED
}
