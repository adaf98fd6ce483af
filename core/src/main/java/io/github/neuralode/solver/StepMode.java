package io.github.neuralode.solver;

/** How the samples of a batch share step sizes. */
public enum StepMode {
    /**
     * One time and one step size for the whole batch (as torchdiffeq): the per-sample error ratios
     * are reduced to one by the solver's {@link SharedErrorNorm} (RMS over the batch by default,
     * or the largest). Cheapest per step; the stiffest or fastest sample sets the pace for all.
     */
    SHARED,
    /**
     * Every sample has its own time, step size and accept/reject decision (as torchode); finished
     * samples are frozen. The vector field then receives {@code t} as a {@code (batch, 1)} column.
     * Spends fewer evaluations per sample when samples differ in difficulty.
     */
    PER_SAMPLE
}
