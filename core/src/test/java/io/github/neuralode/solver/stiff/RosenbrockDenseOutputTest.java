package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.StepMode;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The methods' own dense output over one step of {@code y' = -y} from {@code y = 1}, against
 * {@code e^(-theta h)} at theta = 0.1 .. 0.9 (float64, analytic Jacobian): the largest error has
 * order {@code denseOrder + 1} in h (local error of an order-q interpolant), and the interpolant
 * passes through both ends of the step.
 */
class RosenbrockDenseOutputTest {

    @Test
    void denseOutputErrorShrinksWithTheDenseOrder() {
        for (RosenbrockTableau tableau : List.of(
                RosenbrockTableaus.ROSENBROCK23, RosenbrockTableaus.RODAS5P)) {
            // Steps where the interpolation error is far above round-off (1e-11 and more).
            double h = tableau.denseOrder() == 2 ? 0.1 : 0.2;
            double coarse = largestInteriorError(tableau, h);
            double fine = largestInteriorError(tableau, h / 2);
            double observed = Math.log(coarse / fine) / Math.log(2);
            System.out.printf("%s dense output: errors %.3e, %.3e, exponent %.3f%n",
                    tableau.shortName(), coarse, fine, observed);
            assertEquals(tableau.denseOrder() + 1, observed, 0.3, tableau.shortName());
        }
    }

    @Test
    void denseOutputStartsAtYAndEndsAtY1() {
        for (RosenbrockTableau tableau : List.of(
                RosenbrockTableaus.ROSENBROCK23, RosenbrockTableaus.RODAS5P)) {
            try (NDManager manager = NDManager.newBaseManager()) {
                RosenbrockStep step = decayStep(manager, tableau, 0.3);
                assertArrayEquals(new double[] {1.0},
                        step.interpolant().atGroupFractions(new double[] {0.0}).toDoubleArray(), 1e-15);
                // Rodas5P's dense weights reach about 100 in magnitude: round-off ~1e-15 here.
                assertArrayEquals(step.y1().toDoubleArray(),
                        step.interpolant().atGroupFractions(new double[] {1.0}).toDoubleArray(), 1e-13);
            }
        }
    }

    private static double largestInteriorError(RosenbrockTableau tableau, double h) {
        try (NDManager manager = NDManager.newBaseManager()) {
            RosenbrockStep step = decayStep(manager, tableau, h);
            double largest = 0.0;
            for (int k = 1; k <= 9; k++) {
                double theta = k / 10.0;
                double value = step.interpolant().atGroupFractions(new double[] {theta}).getDouble(0, 0);
                largest = Math.max(largest, Math.abs(value - Math.exp(-theta * h)));
            }
            return largest;
        }
    }

    private static RosenbrockStep decayStep(
            NDManager manager, RosenbrockTableau tableau, double h) {
        NDArray minusOne = manager.create(new double[][] {{-1.0}}).expandDims(0);
        VectorField decay = VectorField.autonomous(NDArray::neg);
        NDArray y = StiffProblems.batchOf(manager, new double[] {1.0}, 1, DataType.FLOAT64);
        return RosenbrockRuns.attempt(manager, tableau,
                AnalyticJacobian.autonomous((t, state) -> minusOne), decay, y,
                new double[] {0.0}, new double[] {h}, StepMode.SHARED);
    }
}
