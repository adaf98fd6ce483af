package io.github.neuralode.data.systems;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import java.util.function.UnaryOperator;

/**
 * The even time grid and the reference solve shared by the synthetic systems: Dopri5 ({@link
 * Tableaus#DOPRI5}) at rtol {@value #RTOL}, atol {@value #ATOL}, in float64 on the default device,
 * with autograd recording paused.
 */
final class Sampling {

    /** The relative tolerance of the reference solves. */
    static final double RTOL = 1e-10;

    /** The absolute tolerance of the reference solves. */
    static final double ATOL = 1e-12;

    /** How far {@code tEnd / dt} may sit from a whole number and still count as one. */
    private static final double WHOLE_TOLERANCE = 1e-9;

    private Sampling() {}

    /**
     * Returns {@code t_i = i dt} for every {@code i} with {@code t_i < tEnd}, where a {@code tEnd}
     * within rounding ({@code 1e-9} steps) of a grid point counts as that point and is excluded:
     * {@code [0, 6.1)} at {@code 0.1} gives 61 times, 0 to 6.0.
     *
     * @param dt the spacing, finite and positive
     * @param tEnd the excluded end, finite and above {@code dt} (at least two times)
     * @return the times, increasing, starting at 0
     * @throws IllegalArgumentException if {@code dt} or {@code tEnd} is out of range
     */
    static double[] grid(double dt, double tEnd) {
        if (!(Double.isFinite(dt) && dt > 0)) {
            throw new IllegalArgumentException("dt must be finite and positive, got " + dt);
        }
        if (!(Double.isFinite(tEnd) && tEnd > dt)) {
            throw new IllegalArgumentException(
                    "tEnd must be finite and above dt = " + dt + " (the grid needs t = 0 and t ="
                            + " dt at least), got " + tEnd);
        }
        double steps = tEnd / dt;
        double whole = Math.rint(steps);
        boolean onGrid = Math.abs(steps - whole) <= WHOLE_TOLERANCE * whole;
        double count = onGrid ? whole : Math.ceil(steps);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "tEnd / dt = " + steps + " gives too many points: raise dt or lower tEnd");
        }
        double[] times = new double[(int) count];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * dt;
        }
        return times;
    }

    /**
     * Solves an autonomous system from {@code times[0]} and samples it at {@code times}.
     *
     * @param field {@code dy/dt} on states {@code (batch, n)}, float64
     * @param initialState the state at {@code times[0]}, {@code (n)}
     * @param times the sample times, at least two, increasing
     * @return the trajectory, {@code (times.length, n)}, the first row being the initial state
     */
    static Trajectory solve(UnaryOperator<NDArray> field, double[] initialState, double[] times) {
        int n = initialState.length;
        try (NDManager manager = NDManager.newBaseManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray y0 = manager.create(new double[][] {initialState}); // (1, n), float64
            OdeSolver solver =
                    OdeSolver.builder()
                            .optMethod(Tableaus.DOPRI5)
                            .optStepSizeController(PidController.of(RTOL, ATOL))
                            .optMaxSteps(1_000_000)
                            .build();
            OdeSolution solution =
                    solver.solve(VectorField.autonomous(field), y0, SaveAt.times(times))
                            .throwIfFailed();
            double[] flat = solution.outputs().toDoubleArray(); // (times, 1, n)
            double[][] values = new double[times.length][n];
            for (int i = 0; i < times.length; i++) {
                System.arraycopy(flat, i * n, values[i], 0, n);
            }
            return new Trajectory(times, values);
        }
    }

    /**
     * Checks an initial state's length and values.
     *
     * @param initialState the state to check
     * @param dimension the system's state size
     * @param positive whether every entry must be positive (populations)
     * @return {@code initialState}
     * @throws IllegalArgumentException naming the problem
     */
    static double[] checkState(double[] initialState, int dimension, boolean positive) {
        if (initialState == null || initialState.length != dimension) {
            throw new IllegalArgumentException(
                    "initialState must have " + dimension + " entries, got "
                            + (initialState == null ? "null" : initialState.length));
        }
        for (int i = 0; i < dimension; i++) {
            double value = initialState[i];
            if (!Double.isFinite(value) || positive && !(value > 0)) {
                throw new IllegalArgumentException(
                        "initialState[" + i + "] must be finite" + (positive ? " and positive" : "")
                                + ", got " + value);
            }
        }
        return initialState;
    }
}
