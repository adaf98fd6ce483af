package io.github.neuralode.solver.stepsize;

/**
 * What a {@link StepSizeController} carries from one step to the next, one entry per step group
 * (one group for the whole batch in {@code SHARED} mode, one per sample in {@code PER_SAMPLE}).
 *
 * @param previousRatio the error ratio of the last accepted step, 1 before the first
 * @param rejectedLast whether the last attempt was rejected (the next factor is then capped at 1)
 */
public record ControllerState(double[] previousRatio, boolean[] rejectedLast) {

    /**
     * Returns the state before the first step.
     *
     * @param groups the number of step groups
     * @return the initial state
     */
    public static ControllerState initial(int groups) {
        double[] ones = new double[groups];
        java.util.Arrays.fill(ones, 1.0);
        return new ControllerState(ones, new boolean[groups]);
    }
}
