package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.StepMode;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * One step of {@code y' = -y} from {@code y = 1} with step {@code h} returns {@code R(z)}, {@code
 * z = -h}: every sample of the batch steps with its own h (PER_SAMPLE groups), so one attempt
 * samples R at several z. Float64, autograd Jacobian.
 */
class StabilityFunctionTest {

    private static final double D = 1.0 / (2.0 + Math.sqrt(2.0));

    /** R(z) of ode23s from Shampine and Reichelt's formulas with J = lambda, h = 1. */
    private static double rosenbrock23R(double z) {
        double inverseW = 1.0 / (1.0 - D * z);
        double k1 = inverseW;
        double f1 = 1.0 + z * k1 / 2;
        double k2 = (f1 - k1) * inverseW + k1;
        return 1.0 + z * k2;
    }

    @Test
    void rosenbrock23ReproducesTheStabilityFunctionOfOde23s() {
        double[] z = {-0.5, -2.0, -30.0, -1e8};
        double[] r = stabilityFunction(RosenbrockTableaus.ROSENBROCK23, z);
        for (int g = 0; g < z.length; g++) {
            double expected = rosenbrock23R(z[g]);
            double tolerance = 1e-14 * Math.max(1.0, Math.abs(expected));
            assertEquals(expected, r[g], tolerance, "z = " + z[g]);
        }
        assertEquals(0.6032634801055627, r[0], 1e-14);
        assertTrue(Math.abs(r[3]) < 1e-6, "L-stable: |R(-1e8)| = " + Math.abs(r[3]));
    }

    @Test
    void rodas5pReproducesItsStabilityFunction() {
        // R(z) = 1 + z b^T (I - z (alpha + Gamma))^-1 1 (HW IV.7.15), evaluated in numpy from the
        // published coefficients in the original form: an independent formula for the same R.
        double[] z = {-1.0, -10.0, -100.0, -1e8};
        double[] expected = {
            0.36788030893704504, -0.04037298377966181, -0.08591903534672563,
            -1.2520875758426087e-07
        };
        double[] r = stabilityFunction(RosenbrockTableaus.RODAS5P, z);
        for (int g = 0; g < z.length; g++) {
            assertEquals(expected[g], r[g], 1e-12, "z = " + z[g]);
        }
        assertTrue(Math.abs(r[3]) < 1e-6, "L-stable: |R(-1e8)| = " + Math.abs(r[3]));
    }

    @Test
    void stabilityFunctionsMatchTheExponentialToTheMethodsOrder() {
        for (RosenbrockTableau tableau : List.of(
                RosenbrockTableaus.ROSENBROCK23, RosenbrockTableaus.RODAS5P)) {
            // z where R - e^z is far above round-off: -0.1, -0.05 for order 2; -0.2, -0.1 for 5.
            double[] z =
                    tableau.order() == 2 ? new double[] {-0.1, -0.05} : new double[] {-0.2, -0.1};
            double[] r = stabilityFunction(tableau, z);
            double ratio = Math.abs(r[0] - Math.exp(z[0])) / Math.abs(r[1] - Math.exp(z[1]));
            double observed = Math.log(ratio) / Math.log(2);
            // Local error O(z^(p+1)). Rodas5P's R also matches z^6/720 (its linear order is 6), so
            // its observed exponent is about 6.7 on the way to 7: only the lower bound is p + 1.
            System.out.printf("%s: |R(z) - e^z| exponent %.3f%n", tableau.shortName(),
                    observed);
            assertTrue(observed > tableau.order() + 1 - 0.3,
                    tableau.shortName() + ": observed exponent " + observed);
            if (tableau.order() == 2) {
                assertEquals(3.0, observed, 0.3, "rosenbrock23 exponent");
            }
        }
    }

    @Test
    void errorEstimatesScaleWithTheLowerOfBothOrders() {
        for (RosenbrockTableau tableau : List.of(
                RosenbrockTableaus.ROSENBROCK23, RosenbrockTableaus.RODAS5P)) {
            double[] z = {-0.2, -0.1};
            double[] error = errorEstimate(tableau, z);
            double observed = Math.log(Math.abs(error[0] / error[1])) / Math.log(2);
            int expected = Math.min(tableau.order(), tableau.embeddedOrder()) + 1;
            System.out.printf("%s: error estimate exponent %.3f%n", tableau.shortName(),
                    observed);
            assertEquals(expected, observed, 0.3, tableau.shortName() + " error exponent");
        }
    }

    private static double[] stabilityFunction(RosenbrockTableau tableau, double[] z) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return decayStep(manager, tableau, z).y1().toDoubleArray();
        }
    }

    private static double[] errorEstimate(RosenbrockTableau tableau, double[] z) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return decayStep(manager, tableau, z).error().toDoubleArray();
        }
    }

    private static RosenbrockStep decayStep(
            NDManager manager, RosenbrockTableau tableau, double[] z) {
        double[] h = new double[z.length];
        for (int g = 0; g < z.length; g++) {
            h[g] = -z[g];
        }
        VectorField decay = VectorField.autonomous(NDArray::neg);
        NDArray y = StiffProblems.batchOf(manager, new double[] {1.0}, z.length, DataType.FLOAT64);
        return RosenbrockRuns.attempt(manager, tableau, new AutogradJacobian(List.of()), decay, y,
                new double[z.length], h, StepMode.PER_SAMPLE);
    }
}
