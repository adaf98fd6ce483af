package io.github.neuralode.data.kinetics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.Test;

/** ROBER's field, Jacobian and benchmark batch against values worked out by hand. */
class RoberTest {

    @Test
    void ratesMatchTheEquationsByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MassActionField field = Rober.NETWORK.field(manager, DataType.FLOAT64);
            double[][] states = {Rober.initialState(), {0.5, 1e-4, 0.5}};
            double[] rates =
                    field.evaluate(manager.create(0.0), Rober.NETWORK.states(manager, states, DataType.FLOAT64))
                            .toDoubleArray();
            // y0: y1' = -0.04, y2' = 0.04, y3' = 0.
            // (0.5, 1e-4, 0.5): y1' = -0.04 * 0.5 + 1e4 * 1e-4 * 0.5 = 0.48,
            // y2' = 0.02 - 3e7 * 1e-8 - 0.5 = -0.78, y3' = 3e7 * 1e-8 = 0.3.
            assertArrayEquals(new double[] {-0.04, 0.04, 0, 0.48, -0.78, 0.3}, rates, 1e-14);
        }
    }

    @Test
    void jacobianMatchesTheDerivativesByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MassActionField field = Rober.NETWORK.field(manager, DataType.FLOAT64);
            double[][] state = {{0.5, 1e-4, 0.5}};
            double[] jacobian =
                    field.jacobian()
                            .evaluate(manager.create(0.0), Rober.NETWORK.states(manager, state, DataType.FLOAT64))
                            .toDoubleArray();
            // [[-k1, k3 y3, k3 y2], [k1, -2 k2 y2 - k3 y3, -k3 y2], [0, 2 k2 y2, 0]]
            double[] expected = {-0.04, 5000, 1, 0.04, -11000, -1, 0, 6000, 0};
            assertArrayEquals(expected, jacobian, 1e-10);
        }
    }

    @Test
    void perturbedBatchSpreadsY2EvenlyOverZeroToOneThousandth() {
        double[][] batch = Rober.perturbedInitialStates(1024);
        assertEquals(1024, batch.length);
        assertArrayEquals(Rober.initialState(), batch[0]);
        assertArrayEquals(new double[] {0.999, 1e-3, 0}, batch[1023], 1e-15);
        for (int b = 0; b < batch.length; b++) {
            assertEquals(1e-3 * b / 1023, batch[b][1], 1e-18, "sample " + b);
            assertEquals(1.0, batch[b][0] + batch[b][1] + batch[b][2], 1e-15, "mass of sample " + b);
        }
        assertArrayEquals(new double[][] {Rober.initialState()}, Rober.perturbedInitialStates(1));
        assertThrows(IllegalArgumentException.class, () -> Rober.perturbedInitialStates(0));
    }

    @Test
    void referenceValuesConserveMassAndExistOnlyAtTheirTimes() {
        for (double t : new double[] {40, 1e5, 1e11}) {
            double[] y = Rober.reference(t);
            assertEquals(1.0, y[0] + y[1] + y[2], 1e-9, "t = " + t);
        }
        assertThrows(IllegalArgumentException.class, () -> Rober.reference(41));
    }
}
