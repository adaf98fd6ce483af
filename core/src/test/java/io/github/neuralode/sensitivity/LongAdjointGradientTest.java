package io.github.neuralode.sensitivity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import io.github.neuralode.GradientChecks;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * The freed-buffer guard for the adjoints (DESIGN.md, "DJL facts"): under a 256 MB heap (surefire
 * execution {@code small-heap}), with garbage collections forced between the forward solve and
 * the backward pass, the checkpointed adjoint re-runs 1,200 RK4 steps (6,000 evaluations) and
 * still equals DIRECT to 1e-9, and the backsolve adjoint to 1e-5.
 */
@Tag("small-heap")
class LongAdjointGradientTest {

    @Test
    void adjointsThroughThousandsOfEvaluationsSurviveGarbageCollection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block mlp = GradientChecks.mlp(manager, 2);
            NDArray y0 = GradientChecks.twoStates(manager);
            OdeSolver solver = GradientChecks.rk4(3, 1200);
            SaveAt saveAt = SaveAt.times(0, 1, 2, 3);
            Map<String, double[]> direct =
                    AdjointGradients.of(
                            Sensitivity.DIRECT, solver, mlp, y0, saveAt, y -> y.square().mean());
            Map<String, double[]> checkpoint =
                    AdjointGradients.of(
                            Sensitivity.CHECKPOINT_ADJOINT,
                            solver,
                            mlp,
                            y0,
                            saveAt,
                            y -> {
                                for (int i = 0; i < 3; i++) {
                                    System.gc();
                                }
                                return y.square().mean();
                            });
            Map<String, double[]> backsolve =
                    AdjointGradients.of(
                            BacksolveAdjoint.builder().build(),
                            solver,
                            mlp,
                            y0,
                            saveAt,
                            y -> {
                                System.gc();
                                return y.square().mean();
                            });
            double checkpointError = AdjointGradients.maxRelativeError(checkpoint, direct);
            double backsolveError = AdjointGradients.maxRelativeError(backsolve, direct);
            System.out.printf(
                    "max heap %d MB: checkpoint %.2e, backsolve %.2e%n",
                    Runtime.getRuntime().maxMemory() >> 20, checkpointError, backsolveError);
            assertTrue(checkpointError < 1e-9, "checkpoint " + checkpointError);
            assertTrue(backsolveError < 1e-5, "backsolve " + backsolveError);
        }
    }
}
