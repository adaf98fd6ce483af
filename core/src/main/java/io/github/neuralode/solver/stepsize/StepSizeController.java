package io.github.neuralode.solver.stepsize;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Chooses step sizes, for example a {@link ConstantStepSize} grid or the adaptive {@link
 * PidController}. Controllers are immutable configuration; whatever changes from step to step
 * lives in a {@link ControllerState} owned by the solve loop, which drives any controller through
 * this contract alone: the first step ({@link #initialStep}), then per attempt the error ratios
 * (from {@link #errorNorm}, when the controller has one) into {@link #adapt}, which returns the
 * accept mask, the next step sizes and the next state. Step sizes are magnitudes in the time
 * units of the solve, one per step group; decisions are plain Java doubles, never on the tape.
 */
public interface StepSizeController {

    /**
     * Returns whether the controller needs an embedded error estimate (adaptive stepping).
     *
     * @return {@code true} for adaptive controllers
     */
    boolean isAdaptive();

    /**
     * Returns the norm that turns a step's error estimate into the ratios {@link #adapt} reads.
     *
     * @param manager owns the norm's tolerance arrays for the solve
     * @param dataType the state's data type
     * @param n the number of state components per sample
     * @return the norm, or empty when the controller ignores error estimates
     * @throws IllegalArgumentException if per-component tolerances do not fit {@code n}
     */
    Optional<ErrorNorm> errorNorm(NDManager manager, DataType dataType, long n);

    /**
     * Chooses the magnitude of the first step of every step group.
     *
     * @param problem the norms of the initial state and derivative, and a trial evaluation
     * @return one positive magnitude per step group
     */
    double[] initialStep(InitialStepProblem problem);

    /**
     * Decides on one attempted step for every step group.
     *
     * @param ratio the error ratio of each group ({@code > 1} rejects; non-finite ratios reject
     *     with the smallest factor), or {@code null} without an {@link #errorNorm}
     * @param stepSize the magnitude of each group's attempted step
     * @param errorOrder per group, one plus the lower of the method's two orders (a method that
     *     switches between methods per sample reports each group's own)
     * @param state the state after the previous step
     * @return acceptance, next step magnitudes and the new state
     */
    StepDecision adapt(
            double[] ratio, double[] stepSize, int[] errorOrder, ControllerState state);

    /**
     * Returns the smallest step magnitude before a group fails with {@code
     * STEP_SIZE_TOO_SMALL} (the resolution of {@code t} applies in any case).
     *
     * @return the minimum step, 0 when only the resolution of {@code t} limits it
     */
    default double minStep() {
        return 0.0;
    }

    /**
     * Returns this controller with other tolerances (for an augmented system such as the
     * backsolve adjoint's, whose components need their own), or itself when it has none.
     *
     * @param tolerances maps this controller's tolerances to the new ones
     * @return the controller with the mapped tolerances
     */
    StepSizeController withTolerances(UnaryOperator<Tolerances> tolerances);

    /**
     * Refuses, before any step, a solve that this controller cannot carry out on the given span
     * and data type (a step below the resolution of {@code t}, a tolerance below the precision of
     * the data type).
     *
     * @param t0 the initial time
     * @param t1 the end time
     * @param dataType the data type of the state, float32 or float64
     * @throws IllegalArgumentException naming the setting and the fix
     */
    void checkSolvable(double t0, double t1, DataType dataType);

    /**
     * Returns the smallest step that still moves a time of magnitude up to {@code max(|t0|, |t1|)}:
     * eight units in the last place of that magnitude. Steps below it leave {@code t} unchanged.
     *
     * @param t0 the initial time
     * @param t1 the end time
     * @return the resolution of time on the span, positive
     */
    static double timeResolution(double t0, double t1) {
        return 8 * Math.ulp(Math.max(Math.abs(t0), Math.abs(t1)));
    }
}
