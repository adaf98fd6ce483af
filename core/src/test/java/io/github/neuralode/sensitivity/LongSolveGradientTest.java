package io.github.neuralode.sensitivity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import io.github.neuralode.GradientChecks;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * Guards the freed-buffer pitfall (DESIGN.md, "DJL facts"): backward through more than 1,000
 * function evaluations, with garbage collections forced between forward and backward, under a
 * 256 MB heap (the surefire execution {@code small-heap} runs this class with {@code -Xmx256m}).
 * Arrays that wrap Java buffers and that the graph still needs would read freed memory and turn
 * the gradient into NaN or garbage.
 */
@Tag("small-heap")
class LongSolveGradientTest {

    @Test
    void gradientThroughOver1000EvaluationsSurvivesGarbageCollection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block mlp = GradientChecks.mlp(manager, 2);
            NDArray y0 = GradientChecks.twoStates(manager);
            OdeSolver solver = GradientChecks.rk4(3, 260);
            long[] evaluations = new long[1];
            Map<String, Double> errors =
                    GradientChecks.relativeErrors(
                            mlp,
                            y0,
                            (field, x0) -> {
                                OdeSolution solution = solver.solve(field, x0, SaveAt.times(0, 1, 2, 3));
                                evaluations[0] = solution.stats().functionEvaluations();
                                NDArray loss = solution.outputs().square().mean();
                                for (int i = 0; i < 3; i++) {
                                    System.gc();
                                }
                                return loss;
                            },
                            3,
                            1e-6);
            System.out.println("evaluations " + evaluations[0] + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, relative errors " + errors);
            assertTrue(evaluations[0] > 1000, "need more than 1,000 evaluations, got " + evaluations[0]);
            errors.forEach((name, error) -> assertTrue(error < 1e-6, name + ": " + error));
        }
    }
}
