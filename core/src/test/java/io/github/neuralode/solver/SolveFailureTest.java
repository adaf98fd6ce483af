package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/** Failures name the sample and the step where they happened, and release the solve's arrays. */
class SolveFailureTest {

    /** y' = y^2: the solution 1 / (1/y0 - t) blows up at t = 1/y0. */
    private static final VectorField BLOW_UP = VectorField.autonomous(NDArray::square);

    @Test
    void sharedStepsNameTheSampleThatFailedNotTheFirstOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{0.1}, {0.2}, {1.0}, {0.3}});
            OdeSolver shared =
                    OdeSolver.builder()
                            .optStepSizeController(PidController.of(1e-6, 1e-6))
                            .optMaxSteps(100_000)
                            .build();
            OdeSolveException e =
                    assertThrows(
                            OdeSolveException.class,
                            () -> shared.solve(BLOW_UP, y0, SaveAt.finalState(0, 1.5)));
            assertMessage(e, "failed for sample 2 ", "3 other samples stopped with it", "PER_SAMPLE", "at t = 1.000");
            for (int b = 0; b < 4; b++) {
                assertEquals(2, e.getSolution().cause(b), "sample " + b);
                assertTrue(e.getSolution().status(b) != SolveStatus.SUCCESS);
            }

            OdeSolution perSample =
                    shared.toBuilder()
                            .optStepMode(StepMode.PER_SAMPLE)
                            .optOnFailure(OnFailure.RETURN)
                            .build()
                            .solve(BLOW_UP, y0, SaveAt.finalState(0, 1.5));
            for (int b : new int[] {0, 1, 3}) {
                double exact = 1 / (1 / y0.getDouble(b, 0) - 1.5);
                assertEquals(SolveStatus.SUCCESS, perSample.status(b));
                assertEquals(-1, perSample.cause(b));
                assertEquals(exact, perSample.finalState().getDouble(b, 0), 1e-5 * Math.abs(exact));
            }
            assertEquals(2, perSample.cause(2));
        }
    }

    @Test
    void fixedStepsReportTheStepWhereTheStateStoppedBeingFinite() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // y' = y / (t - 0.55): RK4's midpoint stages of the step from 0.5 hit t = 0.55.
            VectorField singular = (t, y) -> y.div(t.sub(0.55));
            NDArray y0 = manager.create(new double[][] {{1.0}, {2.0}});
            OdeSolver rk4 =
                    OdeSolver.builder()
                            .optMethod(Tableaus.RK4)
                            .optStepSizeController(new ConstantStepSize(0.1))
                            .build();
            OdeSolveException e =
                    assertThrows(
                            OdeSolveException.class,
                            () -> rk4.solve(singular, y0, SaveAt.finalState(0, 1)));
            assertMessage(e, "sample 0", "1 other samples stopped with it", "NaN or infinite", "at t = 0.5000000000", "h = 0.100");

            OdeSolution partial =
                    rk4.toBuilder()
                            .optOnFailure(OnFailure.RETURN)
                            .build()
                            .solve(singular, y0, SaveAt.times(0, 0.5, 1));
            assertEquals(SolveStatus.NON_FINITE_STATE, partial.status(1));
            // y = y0 (0.55 - t) / 0.55 exactly (RK4 is exact for this linear-in-t solution).
            assertEquals(1.0 * 0.05 / 0.55, partial.outputs().getDouble(1, 0, 0), 1e-12);
            assertTrue(Double.isNaN(partial.outputs().getDouble(2, 1, 0)), "unreached output is NaN");
        }
    }

    @Test
    void aFieldThatThrowsLeavesNoArrayOnTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{1.0, 2.0}, {3.0, 4.0}});
            OdeSolver solver = OdeSolver.builder().build();
            int[] calls = {0};
            VectorField failing =
                    VectorField.autonomous(
                            y -> {
                                NDArray hidden = y.mul(y).sub(y);
                                if (++calls[0] % 4 == 0) {
                                    throw new IllegalStateException("field failed");
                                }
                                return hidden.tanh();
                            });
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                assertThrows(
                        IllegalStateException.class,
                        () -> solver.solve(failing, y0, SaveAt.times(0, 0.5, 1)));
            }
            assertEquals(before, manager.getManagedArrays().size());

            OdeSolution solution = solver.solve(DECAY_SQUARED, y0, SaveAt.times(0, 0.5, 1));
            assertEquals(before + 1, manager.getManagedArrays().size(), "only the outputs stay");
            solution.outputs().close();
            assertEquals(before, manager.getManagedArrays().size());
        }
    }

    private static final VectorField DECAY_SQUARED =
            VectorField.autonomous(y -> y.mul(y).neg());

    private static void assertMessage(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(
                    e.getMessage().contains(fragment),
                    "message lacks '" + fragment + "': " + e.getMessage());
        }
    }
}
