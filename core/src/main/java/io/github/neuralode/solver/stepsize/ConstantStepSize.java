package io.github.neuralode.solver.stepsize;

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
}
