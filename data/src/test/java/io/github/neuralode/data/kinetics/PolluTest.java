package io.github.neuralode.data.kinetics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/**
 * POLLU's reactions against the right-hand sides of the Test Set (shared/data/reference/README.md),
 * transcribed here independently of {@link Pollu#NETWORK}, and its benchmark batch.
 */
class PolluTest {

    private static final double[] K = {
        0.35, 26.6, 1.23e4, 8.6e-4, 8.2e-4, 1.5e4, 1.3e-4, 2.4e4, 1.65e4, 9.0e3, 2.2e-2, 1.2e4, 1.88,
        1.63e4, 4.8e6, 3.5e-4, 1.75e-2, 1.0e8, 4.44e11, 1.24e3, 2.1, 5.78, 4.74e-2, 1.78e3, 3.12
    };

    @Test
    void ratesAtTheInitialStateMatchTheReadmeByHand() {
        // Only reactions among y2, y4, y7, y8, y9, y17 run at y0: r2 = 26.6 * 0.2 * 0.04 = 0.2128,
        // r4 = 8.6e-5, r5 = 8.2e-5, r7 = 1.3e-6, r16 = 1.4e-5, r17 = 7e-4.
        double[] expected = new double[20];
        expected[0] = 0.2128; // f1 = r2
        expected[1] = -0.2128; // f2 = -r2
        expected[2] = 7e-4; // f3 = r17
        expected[3] = -0.2128 - 1.4e-5 - 7e-4; // f4 = -r2 - r16 - r17
        expected[4] = 2 * 8.6e-5 + 1.3e-6; // f5 = 2 r4 + r7
        expected[6] = -8.6e-5 - 8.2e-5; // f7 = -r4 - r5
        expected[7] = 8.6e-5 + 8.2e-5 + 1.3e-6; // f8 = r4 + r5 + r7
        expected[8] = -1.3e-6; // f9 = -r7
        expected[9] = 1.3e-6; // f10 = r7
        expected[15] = 1.4e-5; // f16 = r16
        assertArrayEquals(expected, evaluate(Pollu.initialState()), 1e-15);
    }

    @Test
    void ratesEverywhereMatchTheReadmesRightHandSides() {
        double[] y = new double[20];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.01 * (i + 1) + 0.003 * i * i;
        }
        double[] r = readmeRates(y);
        double[] f = {
            -r[1] - r[10] - r[14] - r[23] - r[24] + r[2] + r[3] + r[9] + r[11] + r[12] + r[22] + r[25],
            -r[2] - r[3] - r[9] - r[12] + r[1] + r[21],
            -r[15] + r[1] + r[17] + r[19] + r[22],
            -r[2] - r[16] - r[17] - r[23] + r[15],
            -r[3] + 2 * r[4] + r[6] + r[7] + r[13] + r[20],
            -r[6] - r[8] - r[14] - r[20] + r[3] + 2 * r[18],
            -r[4] - r[5] - r[6] + r[13],
            r[4] + r[5] + r[6] + r[7],
            -r[7] - r[8],
            -r[12] + r[7] + r[9],
            -r[9] - r[10] + r[8] + r[11],
            r[9],
            -r[11] + r[10],
            -r[13] + r[12],
            r[14],
            -r[18] - r[19] + r[16],
            -r[20],
            r[20],
            -r[21] - r[22] - r[24] + r[23] + r[25],
            -r[25] + r[24]
        };
        double[] ours = evaluate(y);
        for (int i = 0; i < f.length; i++) {
            assertEquals(f[i], ours[i], 1e-12 * Math.max(1, Math.abs(f[i])), "f" + (i + 1));
        }
    }

    @Test
    void perturbedBatchScalesEachNonzeroConcentrationWithinTenPercent() {
        double[] y0 = Pollu.initialState();
        double[][] batch = Pollu.perturbedInitialStates(1024, 42);
        assertEquals(1024, batch.length);
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (double[] state : batch) {
            for (int i = 0; i < y0.length; i++) {
                if (y0[i] == 0) {
                    assertEquals(0, state[i]);
                } else {
                    double factor = state[i] / y0[i];
                    smallest = Math.min(smallest, factor);
                    largest = Math.max(largest, factor);
                }
            }
        }
        assertTrue(smallest >= 0.9 && smallest < 0.91, "smallest factor " + smallest);
        assertTrue(largest < 1.1 && largest > 1.09, "largest factor " + largest);
        assertTrue(Arrays.deepEquals(batch, Pollu.perturbedInitialStates(1024, 42)), "same seed");
        assertFalse(Arrays.deepEquals(batch, Pollu.perturbedInitialStates(1024, 43)), "other seed");
    }

    /** r_1 .. r_25 of the README's table, index 0 unused. */
    private static double[] readmeRates(double[] y) {
        double[] s = new double[21];
        System.arraycopy(y, 0, s, 1, 20);
        double[] products = {
            s[1], s[2] * s[4], s[5] * s[2], s[7], s[7], s[7] * s[6], s[9], s[9] * s[6], s[11] * s[2],
            s[11] * s[1], s[13], s[10] * s[2], s[14], s[1] * s[6], s[3], s[4], s[4], s[16], s[16],
            s[17] * s[6], s[19], s[19], s[1] * s[4], s[19] * s[1], s[20]
        };
        double[] r = new double[26];
        for (int k = 0; k < 25; k++) {
            r[k + 1] = K[k] * products[k];
        }
        return r;
    }

    private static double[] evaluate(double[] y) {
        try (NDManager manager = NDManager.newBaseManager()) {
            MassActionField field = Pollu.NETWORK.field(manager, DataType.FLOAT64);
            return field.evaluate(
                            manager.create(0.0),
                            Pollu.NETWORK.states(manager, new double[][] {y}, DataType.FLOAT64))
                    .toDoubleArray();
        }
    }
}
