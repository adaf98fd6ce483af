package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.solver.StepMode;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Everything runs in float32 with looser tolerances: Jacobians of stiff Van der Pol ({@code mu =
 * 1000}), a Rodas5P step against float64, and ten Rodas5P steps on stiff Prothero-Robinson.
 */
class Float32RosenbrockTest {

    private static final double MU = 1000.0;
    private static final double[][] STATES = {{2.0, -0.5}, {-1.5, 0.8}};

    @Test
    void vanDerPolJacobiansAgreeInFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem vdp = StiffProblems.vanDerPol(manager, DataType.FLOAT32, MU);
            NDArray y = manager.create(STATES).toType(DataType.FLOAT32, false);
            NDArray t = manager.create(0.0f);
            NDArray analytic = vdp.jacobian().evaluate(vdp.field(), t, y).matrix();
            assertEquals(DataType.FLOAT32, analytic.getDataType());
            double[] reference = doubles(analytic);
            for (int b = 0; b < 2; b++) {
                double x = STATES[b][0];
                double v = STATES[b][1];
                double[] exact = {0, 1, -2 * MU * x * v - 1, MU * (1 - x * x)};
                for (int k = 0; k < 4; k++) {
                    assertEquals(exact[k], reference[4 * b + k], 1e-7 * 3000, "analytic " + k);
                }
            }
            // sqrt(eps32) = 3.5e-4: finite differences are good to about that, relative.
            List<JacobianMethod> methods =
                    List.of(new AutogradJacobian(List.of()), new FiniteDifferenceJacobian());
            double[] tolerances = {1e-6, 1e-3};
            for (int m = 0; m < 2; m++) {
                NDArray matrix = methods.get(m).evaluate(vdp.field(), t, y).matrix();
                assertEquals(DataType.FLOAT32, matrix.getDataType());
                double[] values = doubles(matrix);
                for (int b = 0; b < 2; b++) {
                    double scale = 0;
                    double difference = 0;
                    for (int k = 0; k < 4; k++) {
                        scale = Math.max(scale, Math.abs(reference[4 * b + k]));
                        difference = Math.max(
                                difference, Math.abs(values[4 * b + k] - reference[4 * b + k]));
                    }
                    System.out.printf("float32 %s, sample %d: relative difference %.2e%n",
                            methods.get(m).getClass().getSimpleName(), b, difference / scale);
                    assertTrue(difference <= tolerances[m] * scale,
                            methods.get(m).getClass().getSimpleName() + " sample " + b + ": "
                                    + difference / scale);
                }
            }
        }
    }

    @Test
    void aRodas5pStepInFloat32MatchesFloat64() {
        double[] single = stepOnVanDerPol(DataType.FLOAT32);
        double[] reference = stepOnVanDerPol(DataType.FLOAT64);
        for (int k = 0; k < reference.length; k++) {
            System.out.printf("float32 rodas5p step, component %d: %.3e vs float64%n",
                    k, single[k] - reference[k]);
            assertEquals(reference[k], single[k], 1e-4 * Math.max(1.0, Math.abs(reference[k])),
                    "component " + k);
        }
    }

    @Test
    void rodas5pSolvesStiffProtheroRobinsonInFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem problem =
                    StiffProblems.protheroRobinson(manager, DataType.FLOAT32, -1e4);
            NDArray y0 = StiffProblems.batchOf(manager, new double[] {0.0}, 2, DataType.FLOAT32);
            NDArray y1 = RosenbrockRuns.integrate(
                    RosenbrockTableaus.RODAS5P, problem.jacobian(), problem.field(), y0, 1.0, 10);
            assertEquals(DataType.FLOAT32, y1.getDataType());
            for (float value : y1.toFloatArray()) {
                System.out.printf("float32 prothero-robinson error %.2e%n", value - Math.sin(1.0));
                // float64 reaches 5e-10 with these steps; float32 round-off is about 1e-7.
                assertEquals(Math.sin(1.0), value, 1e-6);
            }
        }
    }

    private static double[] stepOnVanDerPol(DataType dataType) {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem vdp = StiffProblems.vanDerPol(manager, dataType, MU);
            NDArray y = manager.create(STATES).toType(dataType, false);
            RosenbrockStep step = RosenbrockRuns.attempt(manager, RosenbrockTableaus.RODAS5P,
                    vdp.jacobian(), vdp.field(), y, new double[] {0.0}, new double[] {1e-3},
                    StepMode.SHARED);
            assertEquals(dataType, step.y1().getDataType());
            assertEquals(dataType, step.error().getDataType());
            return doubles(step.y1());
        }
    }

    private static double[] doubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
