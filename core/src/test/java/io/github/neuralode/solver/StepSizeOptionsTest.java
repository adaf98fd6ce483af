package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/** The step-size controller's options do what they say, measured on {@code y' = -y}. */
class StepSizeOptionsTest {

    private static final VectorField DECAY = VectorField.autonomous(NDArray::neg);

    @Test
    void perComponentTolerancesControlOnlyTheirComponent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{1.0, 1.0}});
            OdeSolution tight = solve(y0, PidController.of(1e-10, 1e-12));
            OdeSolution mixed =
                    solve(y0, PidController.builder().optRtol(1e-10, 1e-2).optAtol(1e-12, 1e-2).build());
            OdeSolution loose = solve(y0, PidController.of(1e-2, 1e-2));
            double exact = Math.exp(-4);
            double tightError = Math.abs(mixed.finalState().getDouble(0, 0) - exact);
            System.out.printf(
                    "evaluations: tight %d, mixed %d, loose %d; error of the tight component %.2e%n",
                    tight.stats().functionEvaluations(),
                    mixed.stats().functionEvaluations(),
                    loose.stats().functionEvaluations(),
                    tightError);
            assertTrue(tightError < 1e-8, "the tightly controlled component must be accurate");
            assertTrue(mixed.stats().functionEvaluations() <= tight.stats().functionEvaluations());
            assertTrue(mixed.stats().functionEvaluations() > 3 * loose.stats().functionEvaluations());
        }
    }

    @Test
    void maxStepBoundsEveryStepAndFirstStepIsUsed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{1.0}});
            OdeSolution bounded =
                    solve(y0, PidController.builder().optRtol(1e-3).optAtol(1e-3).optMaxStep(0.05).build());
            assertTrue(bounded.stats().acceptedSteps() >= 80, "4 / 0.05 = 80 steps at least");
            OdeSolution free = solve(y0, PidController.of(1e-3, 1e-3));
            assertTrue(free.stats().acceptedSteps() < 20);
            // A tiny first step costs extra accepted steps while the controller grows it (x10 each).
            OdeSolution tinyFirst =
                    solve(y0, PidController.builder().optRtol(1e-3).optAtol(1e-3).optFirstStep(1e-9).build());
            assertTrue(tinyFirst.stats().acceptedSteps() >= free.stats().acceptedSteps() + 5);
            assertEquals(Math.exp(-4), tinyFirst.finalState().getDouble(0, 0), 1e-3);
        }
    }

    private static OdeSolution solve(NDArray y0, PidController controller) {
        return OdeSolver.builder()
                .optStepSizeController(controller)
                .build()
                .solve(DECAY, y0, SaveAt.finalState(0, 4));
    }
}
