package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

/** {@code (I - gamma h J) x = r} is solved for every sample, with one or per-sample steps. */
class LinearSolverTest {

    private static final double GAMMA = 0.25;
    private static final double[][][] JACOBIANS = {
        {{-2.0, 1.0, 0.0}, {0.5, -30.0, 4.0}, {0.0, 2.0, -1e3}},
        {{1.0, 2.0, 3.0}, {-1.0, 0.5, 0.0}, {2.0, 0.0, -7.0}}
    };
    private static final double[][] RIGHT_HAND_SIDES = {{1.0, -2.0, 3.0}, {0.5, 0.25, -4.0}};

    @Test
    void everySampleIsSolvedWithItsOwnStep() {
        assertSolved(new double[] {0.1, 0.02});
    }

    @Test
    void aSharedStepServesTheWholeBatch() {
        assertSolved(new double[] {0.05});
    }

    @Test
    void aStepCountThatIsNeitherOneNorTheBatchIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray jacobian = jacobians(manager);
            double[] threeSteps = {0.1, 0.2, 0.3};
            assertThrows(IllegalArgumentException.class,
                    () -> LinearSolver.factor(jacobian, GAMMA, threeSteps, manager));
        }
    }

    private static NDArray jacobians(NDManager manager) {
        double[] flat = new double[18];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                System.arraycopy(JACOBIANS[b][i], 0, flat, (b * 3 + i) * 3, 3);
            }
        }
        return manager.create(flat, new Shape(2, 3, 3));
    }

    private static void assertSolved(double[] h) {
        try (NDManager manager = NDManager.newBaseManager()) {
            LinearSolver solver = LinearSolver.factor(jacobians(manager), GAMMA, h, manager);
            double[] x = solver.solve(manager.create(RIGHT_HAND_SIDES)).toDoubleArray();
            for (int b = 0; b < 2; b++) {
                double step = h[h.length == 1 ? 0 : b];
                for (int i = 0; i < 3; i++) {
                    double residual = -RIGHT_HAND_SIDES[b][i];
                    for (int j = 0; j < 3; j++) {
                        double w = (i == j ? 1.0 : 0.0) - GAMMA * step * JACOBIANS[b][i][j];
                        residual += w * x[b * 3 + j];
                    }
                    assertEquals(0.0, residual, 1e-13, "sample " + b + ", row " + i);
                }
            }
        }
    }
}
