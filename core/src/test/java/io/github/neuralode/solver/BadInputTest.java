package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/** Every bad input fails fast with a message that names the argument and the fix. */
class BadInputTest {

    private static final VectorField DECAY = VectorField.autonomous(NDArray::neg);

    @Test
    void nonMonotoneTimesAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SaveAt.times(0, 1, 0.5, 2));
        assertMessage(e, "times[1]", "times[2]", "strictly increasing or strictly decreasing");
    }

    @Test
    void duplicateTimesAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SaveAt.times(0, 1, 1, 2));
        assertMessage(e, "times[1] = 1.0", "drop duplicates");
    }

    @Test
    void nonFiniteTimesAndEmptySpansAreRejected() {
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> SaveAt.times(0, Double.NaN)),
                "times[1]",
                "not finite");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> SaveAt.finalState(1, 1)),
                "strictly");
    }

    @Test
    void vectorFieldShapeMismatchIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VectorField wrong = VectorField.autonomous(y -> y.concat(y, 1));
            assertSolveRejected(
                    OdeSolver.builder().build(),
                    wrong,
                    manager.ones(new ai.djl.ndarray.types.Shape(3, 2)),
                    "vector field returned shape (3, 4)",
                    "state of shape (3, 2)");
        }
    }

    @Test
    void vectorFieldDtypeMismatchIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VectorField wrong = VectorField.autonomous(y -> y.toType(DataType.FLOAT32, false));
            NDArray y0 = manager.create(new double[][] {{1.0}});
            assertSolveRejected(OdeSolver.builder().build(), wrong, y0, "float32", "float64", "data type of y");
        }
    }

    @Test
    void nonFiniteInitialStateIsRejectedNamingTheSample() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{1.0}, {2.0}, {Double.NaN}});
            assertSolveRejected(OdeSolver.builder().build(), DECAY, y0, "y0", "sample 2", "NaN or infinite");
        }
    }

    @Test
    void initialStateWithoutBatchAxisIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[] {1.0, 2.0});
            assertSolveRejected(
                    OdeSolver.builder().build(), DECAY, y0, "y0 must have shape (batch, state...)", "expandDims(0)");
        }
    }

    @Test
    void nonPositiveTolerancesAreRejected() {
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> PidController.of(0, 1e-6)),
                "rtol",
                "positive");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> PidController.of(1e-3, -1)),
                "atol",
                "positive");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> new ConstantStepSize(0)),
                "dt",
                "positive");
    }

    @Test
    void perComponentToleranceOfWrongLengthIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PidController controller = PidController.builder().optAtol(1e-6, 1e-6, 1e-6).build();
            NDArray y0 = manager.create(new double[][] {{1.0, 2.0}});
            assertSolveRejected(
                    OdeSolver.builder().optStepSizeController(controller).build(),
                    DECAY,
                    y0,
                    "atol has 3 entries",
                    "2 components");
        }
    }

    @Test
    void methodsAreFoundByShortNameAndUnknownNamesListTheKnownOnes() {
        assertEquals(Tableaus.DOPRI5, Tableaus.byName("DOPRI5"));
        assertEquals(Tableaus.TSIT5, Tableaus.byName("tsit5"));
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> Tableaus.byName("rk45")),
                "unknown method 'rk45'",
                "euler, midpoint, heun, rk4, bosh3, dopri5, tsit5");
    }

    @Test
    void adaptiveControllerWithoutErrorEstimateIsRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OdeSolver.builder().optMethod(Tableaus.RK4).build());
        assertMessage(e, "Classical Runge-Kutta 4", "ConstantStepSize");
    }

    @Test
    void stepSizeUnderflowNamesSampleTimeAndStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // y' = y^2 from y(0) = 1 has the solution 1 / (1 - t), which blows up at t = 1.
            VectorField blowUp = VectorField.autonomous(NDArray::square);
            NDArray y0 = manager.create(new double[][] {{0.5}, {1.0}});
            OdeSolveException e =
                    assertThrows(
                            OdeSolveException.class,
                            () ->
                                    OdeSolver.builder()
                                            .optStepSizeController(PidController.of(1e-6, 1e-6))
                                            .optStepMode(StepMode.PER_SAMPLE)
                                            .optMaxSteps(100_000)
                                            .build()
                                            .solve(blowUp, y0, SaveAt.finalState(0, 1.5)));
            assertMessage(e, "sample 1", "step size fell below", "at t = 1.000", "h = ", "stiff");
            assertEquals(SolveStatus.SUCCESS, e.getSolution().status(0), "y0 = 0.5 blows up only at t = 2");
        }
    }

    @Test
    void maxStepsReachedNamesSampleTimeAndFix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{1.0}});
            OdeSolveException e =
                    assertThrows(
                            OdeSolveException.class,
                            () ->
                                    OdeSolver.builder()
                                            .optMethod(Tableaus.RK4)
                                            .optStepSizeController(new ConstantStepSize(0.01))
                                            .optMaxSteps(5)
                                            .build()
                                            .solve(DECAY, y0, SaveAt.finalState(0, 1)));
            assertMessage(e, "sample 0", "maximum number of steps", "t = 0.05", "h = 0.01", "maxSteps");
            OdeSolution partial =
                    OdeSolver.builder()
                            .optMethod(Tableaus.RK4)
                            .optStepSizeController(new ConstantStepSize(0.01))
                            .optMaxSteps(5)
                            .optOnFailure(OnFailure.RETURN)
                            .build()
                            .solve(DECAY, y0, SaveAt.times(0, 0.02, 1));
            assertEquals(SolveStatus.MAX_STEPS_REACHED, partial.status(0));
            assertEquals(Math.exp(-0.02), partial.outputs().get(1).getDouble(0, 0), 1e-9);
            assertTrue(Double.isNaN(partial.outputs().get(2).getDouble(0, 0)), "unreached output is NaN");
        }
    }

    @Test
    void explicitSolverOnStiffProblemReportsTheStall() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // y' = -1e6 (y - cos t): stiff; an explicit method needs steps below 3e-6.
            VectorField stiff = (t, y) -> y.sub(t.cos()).mul(t.getManager().create(-1e6));
            NDArray y0 = manager.create(new double[][] {{1.0}});
            OdeSolveException e =
                    assertThrows(
                            OdeSolveException.class,
                            () ->
                                    OdeSolver.builder()
                                            .optStepSizeController(PidController.of(1e-6, 1e-9))
                                            .optMaxSteps(2_000)
                                            .build()
                                            .solve(stiff, y0, SaveAt.finalState(0, 10)));
            assertMessage(e, "sample 0", "maximum number of steps", "stiff solver");
        }
    }

    @Test
    void fieldWhoseShapeChangesBetweenCallsIsNamedWithTheEvaluation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] calls = {0};
            VectorField drifting =
                    VectorField.autonomous(y -> ++calls[0] < 3 ? y.neg() : y.concat(y, 1));
            assertSolveRejected(
                    OdeSolver.builder().build(),
                    drifting,
                    manager.ones(new ai.djl.ndarray.types.Shape(3, 2)),
                    "(a lambda in BadInputTest)",
                    "returned shape (3, 4)",
                    "at evaluation 3",
                    "every evaluation");
        }
    }

    @Test
    void fieldReturningNullIsNamed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VectorField nothing = (t, y) -> null;
            assertSolveRejected(
                    OdeSolver.builder().build(),
                    nothing,
                    manager.ones(new ai.djl.ndarray.types.Shape(3, 2)),
                    "returned null at evaluation 1",
                    "(a lambda in BadInputTest)");
        }
    }

    @Test
    void emptyStateAxisIsNotReportedAsAnEmptyBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertSolveRejected(
                    OdeSolver.builder().build(),
                    DECAY,
                    manager.zeros(new ai.djl.ndarray.types.Shape(2, 0)),
                    "y0 has an empty state",
                    "(2, 0)");
            assertSolveRejected(
                    OdeSolver.builder().build(),
                    DECAY,
                    manager.zeros(new ai.djl.ndarray.types.Shape(0, 2)),
                    "y0 has an empty batch");
        }
    }

    @Test
    void spansThatDoubleTimesCannotStepThroughAreRejectedUpFront() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y0 = manager.create(new double[][] {{1.0}});
            OdeSolver solver = OdeSolver.builder().build();
            assertMessage(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> solver.solve(DECAY, y0, SaveAt.finalState(-1e308, 1e308))),
                    "overflows",
                    "rescale time");
            // ulp(1e20) = 16384: a span of 1e5 is shorter than 8 ulp there.
            assertMessage(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> solver.solve(DECAY, y0, SaveAt.finalState(1e20, 1e20 + 1e5))),
                    "shorter than the resolution of t");
            // ulp(1e10) = 1.9e-6: t + 1e-9 rounds to t.
            OdeSolver tinyStep =
                    OdeSolver.builder()
                            .optMethod(Tableaus.RK4)
                            .optStepSizeController(new ConstantStepSize(1e-9))
                            .build();
            assertMessage(
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> tinyStep.solve(DECAY, y0, SaveAt.finalState(1e10, 1e10 + 1))),
                    "dt = 1.00e-09 is below the resolution of t",
                    "1.53e-05");
        }
    }

    @Test
    void relativeToleranceBelowThePrecisionOfTheDataTypeIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y64 = manager.create(new double[][] {{1.0}});
            NDArray y32 = manager.create(new float[][] {{1f}});
            assertSolveRejected(
                    OdeSolver.builder().optStepSizeController(PidController.of(1e-300, 1e-9)).build(),
                    DECAY,
                    y64,
                    "rtol = 1.00e-300 is below the precision of float64",
                    "1.1e-16");
            assertSolveRejected(
                    OdeSolver.builder().optStepSizeController(PidController.of(1e-9, 1e-9)).build(),
                    DECAY,
                    y32,
                    "below the precision of float32",
                    "float64 state");
            OdeSolution atPrecision =
                    OdeSolver.builder()
                            .optStepSizeController(PidController.of(1e-7, 1e-7))
                            .build()
                            .solve(DECAY, y32, SaveAt.finalState(0, 1));
            assertEquals(Math.exp(-1), atPrecision.finalState().getFloat(0, 0), 1e-6);
        }
    }

    /** Solves on [0, 1] and checks that the solve is refused with a message naming every fragment. */
    private static void assertSolveRejected(
            OdeSolver solver, VectorField field, NDArray y0, String... fragments) {
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> solver.solve(field, y0, SaveAt.finalState(0, 1))),
                fragments);
    }

    private static void assertMessage(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(
                    e.getMessage().contains(fragment),
                    "message lacks '" + fragment + "': " + e.getMessage());
        }
    }
}
