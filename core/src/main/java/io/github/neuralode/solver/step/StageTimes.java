package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

/**
 * Supplies the time argument {@code t + c h} of a stage, shaped as the vector field expects
 * ({@code ()} for a shared clock, {@code (batch, 1)} for per-sample clocks).
 */
@FunctionalInterface
public interface StageTimes {

    /**
     * Returns the time of the stage at node {@code c}.
     *
     * @param c the node, a fraction of the step in [0, 1]
     * @return the stage time array
     */
    NDArray at(double c);
}
