package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.TimeArrays;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StageTimes;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Contract of one attempt: step groups, FSAL, refusals, and gradients through the step. */
class RosenbrockAttemptTest {

    private static final double D = 1.0 / (2.0 + Math.sqrt(2.0));

    @Test
    void perSampleStepsEqualSeparateSharedSteps() {
        double[] t = {0.1, 0.5, 0.9};
        double[] h = {0.01, 0.05, 0.2};
        double[] y0 = {0.2, 0.4, 0.7};
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem problem =
                    StiffProblems.protheroRobinson(manager, DataType.FLOAT64, -1e3);
            NDArray y = manager.create(y0, new Shape(3, 1));
            RosenbrockStep together = RosenbrockRuns.attempt(manager, RosenbrockTableaus.RODAS5P,
                    problem.jacobian(), problem.field(), y, t, h, StepMode.PER_SAMPLE);
            double[] batched = together.y1().toDoubleArray();
            double[] errors = together.error().toDoubleArray();
            double[] middle = together.interpolant().atGroupFractions(new double[] {0.5, 0.5, 0.5})
                    .toDoubleArray();
            for (int b = 0; b < 3; b++) {
                NDArray single = manager.create(new double[][] {{y0[b]}});
                RosenbrockStep alone = RosenbrockRuns.attempt(manager, RosenbrockTableaus.RODAS5P,
                        problem.jacobian(), problem.field(), single, new double[] {t[b]},
                        new double[] {h[b]}, StepMode.SHARED);
                assertEquals(alone.y1().getDouble(0, 0), batched[b], 1e-14, "y1 of sample " + b);
                assertEquals(alone.error().getDouble(0, 0), errors[b], 1e-14, "error " + b);
                double half = alone.interpolant().atGroupFractions(new double[] {0.5}).getDouble(0, 0);
                assertEquals(half, middle[b], 1e-14, "dense output of sample " + b);
            }
        }
    }

    @Test
    void fsalMethodsReturnTheNextFirstEvaluation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem vdp = StiffProblems.vanDerPol(manager, DataType.FLOAT64, 5.0);
            NDArray y = manager.create(new double[][] {{2.0, 0.0}, {-1.0, 1.5}});
            RosenbrockStep ros23 = RosenbrockRuns.attempt(manager, RosenbrockTableaus.ROSENBROCK23,
                    vdp.jacobian(), vdp.field(), y, new double[] {0.0}, new double[] {0.05},
                    StepMode.SHARED);
            double[] expected =
                    vdp.field().evaluate(manager.create(0.05), ros23.y1()).toDoubleArray();
            assertArrayEquals(expected, ros23.fEnd().toDoubleArray(), 0.0);
            RosenbrockStep rodas = RosenbrockRuns.attempt(manager, RosenbrockTableaus.RODAS5P,
                    vdp.jacobian(), vdp.field(), y, new double[] {0.0}, new double[] {0.05},
                    StepMode.SHARED);
            assertNull(rodas.fEnd(), "Rodas5P is not FSAL");
        }
    }

    @Test
    void aSolverFormedForAnotherStepIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem vdp = StiffProblems.vanDerPol(manager, DataType.FLOAT64, 5.0);
            NDArray y = manager.create(new double[][] {{2.0, 0.0}});
            NDArray t = manager.create(0.0);
            LinearSolver solver = LinearSolver.factor(
                    vdp.jacobian().evaluate(vdp.field(), t, y).matrix(),
                    RosenbrockTableaus.RODAS5P.gamma(), new double[] {0.1}, manager);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> RosenbrockAttempt.prepare(RosenbrockTableaus.RODAS5P).step(
                            vdp.field(), c -> t, y, vdp.field().evaluate(t, y),
                            new double[] {0.2}, solver, null,
                            new StageCombiner(manager, DataType.FLOAT64, 1)));
            assertTrue(error.getMessage().contains("linear solver"), error.getMessage());
        }
    }

    @Test
    void aTimeDependentFieldWithoutItsTimeDerivativeIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem problem =
                    StiffProblems.protheroRobinson(manager, DataType.FLOAT64, -1e3);
            NDArray y = manager.create(new double[][] {{0.0}});
            NDArray t = manager.create(0.0);
            double[] h = {0.1};
            LinearSolver solver = LinearSolver.factor(
                    problem.jacobian().evaluate(problem.field(), t, y).matrix(),
                    RosenbrockTableaus.RODAS5P.gamma(), h, manager);
            StageTimes times = c -> TimeArrays.create(
                    manager, new double[] {c * h[0]}, StepMode.SHARED, DataType.FLOAT64);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> RosenbrockAttempt.prepare(RosenbrockTableaus.RODAS5P).step(
                            problem.field(), times, y, problem.field().evaluate(t, y), h,
                            solver, null, new StageCombiner(manager, DataType.FLOAT64, 1)));
            assertTrue(error.getMessage().contains("df/dt"), error.getMessage());
        }
    }

    @Test
    void gradientsFlowThroughTheJacobianAndTheLinearSolves() {
        // y' = p y, one rosenbrock23 step: y1 = R(p h) y0, so dy1/dp = h R'(p h) y0.
        double p0 = -3.0;
        double h = 0.1;
        double epsilon = 1e-6;
        double expected = (rosenbrock23R((p0 + epsilon) * h) - rosenbrock23R((p0 - epsilon) * h))
                / (2 * epsilon);
        for (String method : List.of("analytic", "finite differences")) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray p = manager.create(p0);
                p.setRequiresGradient(true);
                VectorField field = VectorField.autonomous(y -> y.mul(p));
                JacobianMethod jacobians = method.equals("analytic")
                        ? AnalyticJacobian.autonomous((t, y) -> y.zerosLike().add(p).expandDims(2))
                        : new FiniteDifferenceJacobian();
                NDArray y0 = manager.create(new double[][] {{1.0}});
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    RosenbrockStep step = RosenbrockRuns.attempt(manager,
                            RosenbrockTableaus.ROSENBROCK23, jacobians, field, y0,
                            new double[] {0.0}, new double[] {h}, StepMode.SHARED);
                    assertEquals(rosenbrock23R(p0 * h), step.y1().getDouble(0, 0), 1e-14);
                    collector.backward(step.y1().sum());
                }
                assertEquals(expected, p.getGradient().getDouble(), 1e-6 * Math.abs(expected),
                        method);
            }
        }
    }

    /** R(z) of ode23s (Shampine and Reichelt's formulas with J = lambda, h = 1). */
    private static double rosenbrock23R(double z) {
        double inverseW = 1.0 / (1.0 - D * z);
        double k1 = inverseW;
        double k2 = (1.0 + z * k1 / 2 - k1) * inverseW + k1;
        return 1.0 + z * k2;
    }
}
