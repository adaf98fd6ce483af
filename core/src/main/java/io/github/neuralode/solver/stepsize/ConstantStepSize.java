package io.github.neuralode.solver.stepsize;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Fixed steps of size {@code dt} (time units of the solve). The last step before the end time
 * is shortened to land on it exactly; output times between steps come from dense output.
 *
 * @param dt the step size, positive (its sign follows the direction of integration)
 */
public record ConstantStepSize(double dt) implements StepSizeController {

    /**
     * Validates the step size.
     *
     * @param dt the step size
     */
    public ConstantStepSize {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException(
                    "dt must be a positive finite step size, got " + dt);
        }
    }

    /**
     * Returns the constant step that divides {@code [t0, t1]} into {@code steps} equal steps.
     *
     * @param t0 the start time
     * @param t1 the end time
     * @param steps the number of steps, positive
     * @return the controller
     */
    public static ConstantStepSize ofSteps(double t0, double t1, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return new ConstantStepSize(Math.abs(t1 - t0) / steps);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isAdaptive() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public Optional<ErrorNorm> errorNorm(NDManager manager, DataType dataType, long n) {
        return Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code dt} for every group, without evaluating anything.
     */
    @Override
    public double[] initialStep(InitialStepProblem problem) {
        double[] h = new double[problem.groups()];
        Arrays.fill(h, dt);
        return h;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Accepts every step and keeps {@code dt}.
     */
    @Override
    public StepDecision adapt(
            double[] ratio, double[] stepSize, int[] errorOrder, ControllerState state) {
        boolean[] accept = new boolean[stepSize.length];
        double[] next = new double[stepSize.length];
        Arrays.fill(accept, true);
        Arrays.fill(next, dt);
        return new StepDecision(accept, next, state);
    }

    /** {@inheritDoc} */
    @Override
    public StepSizeController withTolerances(UnaryOperator<Tolerances> tolerances) {
        return this;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refuses a step below the resolution of {@code t} on the span: {@code t + dt} would round
     * back to {@code t}.
     */
    @Override
    public void checkSolvable(double t0, double t1, DataType dataType) {
        double resolution = StepSizeController.timeResolution(t0, t1);
        if (dt < resolution && dt < Math.abs(t1 - t0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "dt = %.3g is below the resolution of t on [%s, %s] (%.3g): t + dt"
                                    + " rounds to t there; use dt >= %.3g, or shift the time"
                                    + " origin closer to 0",
                            dt, t0, t1, resolution, resolution));
        }
    }
}
