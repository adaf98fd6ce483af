package io.github.neuralode.solver.rk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/**
 * A fixed-step RK4 solve of {@code y' = -y} on {@code [0, 1]} in 10 steps evaluates the field 4
 * times per step (40, as torchdiffeq), not 41: the derivative at the end of a step is left to the
 * next step, so the last one is never computed. The state equals RK4's stability polynomial {@code
 * R(-h)^10} exactly. With outputs inside steps the Hermite interpolant needs {@code f(t + h, y1)}
 * of every step (41 evaluations), and the state at the end is the same.
 */
class DeferredEndDerivativeTest {

    private static final int STEPS = 10;

    @Test
    void finalStateSolveSkipsTheLastEndDerivativeInBothStepModes() {
        for (StepMode mode : StepMode.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                OdeSolution solution = solve(manager, mode, SaveAt.finalState(0, 1));
                assertEquals(4L * STEPS, solution.stats().functionEvaluations(), mode.name());
                double[] y = solution.outputs().get(0).toDoubleArray();
                assertEquals(exact(1.0), y[0], 1e-15, mode.name());
                assertEquals(2 * exact(1.0), y[1], 2e-15, mode.name());
            }
        }
    }

    @Test
    void outputsInsideStepsKeepEveryEndDerivativeForTheInterpolant() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OdeSolution solution =
                    solve(manager, StepMode.SHARED, SaveAt.times(new double[] {0, 0.55, 1}));
            assertEquals(4L * STEPS + 1, solution.stats().functionEvaluations());
            assertEquals(exact(1.0), solution.outputs().get(2).toDoubleArray()[0], 1e-15);
            // Hermite interpolation between RK4 states: third order in h
            assertEquals(Math.exp(-0.55), solution.outputs().get(1).toDoubleArray()[0], 1e-5);
        }
    }

    private static OdeSolution solve(NDManager manager, StepMode mode, SaveAt saveAt) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.RK4)
                        .optStepSizeController(ConstantStepSize.ofSteps(0, 1, STEPS))
                        .optStepMode(mode)
                        .build();
        return solver.solve(
                VectorField.autonomous(y -> y.neg()),
                manager.create(new double[][] {{1.0}, {2.0}}),
                saveAt);
    }

    /** RK4's amplification {@code 1 - h + h^2/2 - h^3/6 + h^4/24} over {@code t} in 10 steps. */
    private static double exact(double t) {
        double h = t / STEPS;
        double r = 1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24;
        return Math.pow(r, STEPS);
    }
}
