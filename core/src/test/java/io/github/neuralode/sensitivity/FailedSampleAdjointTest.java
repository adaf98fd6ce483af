package io.github.neuralode.sensitivity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.OnFailure;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.SolveStatus;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * In {@code PER_SAMPLE} mode with {@code OnFailure.RETURN}, a sample that runs out of steps leaves
 * NaN outputs (so a loss over all outputs is NaN); the checkpointed adjoint still gives every
 * sample DIRECT's gradient, in which unreached outputs are constants (for the surviving sample of
 * y' = -y and L = sum of squares, dL/dy0 = 2 (1 + e^-1 + e^-2)), instead of spreading NaN across the batch.
 */
class FailedSampleAdjointTest {

    @Test
    void failedSampleDoesNotPoisonTheOthersGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray rates = manager.create(new double[][] {{-1.0}, {-5000.0}});
            VectorField field = VectorField.autonomous(y -> y.mul(rates));
            OdeSolver solver =
                    OdeSolver.builder()
                            .optStepSizeController(PidController.of(1e-8, 1e-10))
                            .optStepMode(StepMode.PER_SAMPLE)
                            .optMaxSteps(60)
                            .optOnFailure(OnFailure.RETURN)
                            .build();
            SaveAt saveAt = SaveAt.times(0, 0.5, 1.0);
            NDArray y0 = manager.create(new double[][] {{1.0}, {1.0}});
            double[] direct = y0Gradient(solver, field, y0, saveAt, false);
            double[] checkpoint = y0Gradient(solver, field, y0, saveAt, true);
            assertArrayEquals(direct, checkpoint, 1e-12);
            assertEquals(2 * (1 + Math.exp(-1.0) + Math.exp(-2.0)), checkpoint[0], 1e-6);
            assertTrue(Double.isFinite(checkpoint[1]), "sample 1: " + checkpoint[1]);
        }
    }

    private static double[] y0Gradient(
            OdeSolver solver, VectorField field, NDArray y0, SaveAt saveAt, boolean adjoint) {
        try (NDManager scope = y0.getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = y0.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            if (!adjoint) {
                NDArray outputs = solver.solve(field, x, saveAt).outputs();
                collector.backward(outputs.square().sum());
                return x.getGradient().toDoubleArray();
            }
            try (var solve = CheckpointAdjointSolve.solve(solver, field, x, saveAt)) {
                assertEquals(SolveStatus.MAX_STEPS_REACHED, solve.solution().status(1));
                assertTrue(solve.solution().status(0) == SolveStatus.SUCCESS);
                NDArray leaf = solve.solution().outputs().stopGradient();
                leaf.setRequiresGradient(true);
                collector.backward(leaf.square().sum());
                return solve.backward(leaf.getGradient()).toDoubleArray();
            }
        }
    }
}
