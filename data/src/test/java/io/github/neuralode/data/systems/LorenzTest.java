package io.github.neuralode.data.systems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The Lorenz series against an independent fixed-step RK4 solve, and the noise convention. */
class LorenzTest {

    private static final Lorenz SYSTEM = Lorenz.paper();

    /** Classical RK4 at step {@code 1e-4} in plain Java, sampled every 1,000 steps (0.1). */
    private static double[][] rk4Every0Point1(double[] u0, int points) {
        double h = 1e-4;
        int stepsPerSample = 1000;
        double[][] samples = new double[points][];
        double[] u = u0.clone();
        samples[0] = u.clone();
        for (int i = 1; i < points; i++) {
            for (int s = 0; s < stepsPerSample; s++) {
                double[] k1 = lorenz(u);
                double[] k2 = lorenz(axpy(u, h / 2, k1));
                double[] k3 = lorenz(axpy(u, h / 2, k2));
                double[] k4 = lorenz(axpy(u, h, k3));
                for (int j = 0; j < 3; j++) {
                    u[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                }
            }
            samples[i] = u.clone();
        }
        return samples;
    }

    private static double[] lorenz(double[] u) {
        return new double[] {
            10 * (u[1] - u[0]), u[0] * (28 - u[2]) - u[1], u[0] * u[1] - 8.0 / 3.0 * u[2]
        };
    }

    private static double[] axpy(double[] u, double a, double[] k) {
        return new double[] {u[0] + a * k[0], u[1] + a * k[1], u[2] + a * k[2]};
    }

    @Test
    void cleanSeriesAgreesWithFineRk4ToOneMillionth() {
        Trajectory series =
                SYSTEM.solve(Lorenz.paperInitialState(), Lorenz.PAPER_DT, Lorenz.PAPER_T_END);
        assertEquals(31, series.size());
        assertEquals(3.0, series.times()[30], 1e-12);
        double[][] reference = rk4Every0Point1(Lorenz.paperInitialState(), 31);
        double[][] values = series.values();
        for (int i = 0; i < 31; i++) {
            assertArrayEquals(reference[i], values[i], 1e-6, "t = " + series.times()[i]);
        }
    }

    @Test
    void extrapolationPointsExtendTheWindowUnchanged() {
        Trajectory window = SYSTEM.solve(Lorenz.paperInitialState(), 0.1, 3.1);
        Trajectory longer = SYSTEM.solve(Lorenz.paperInitialState(), 0.1, 8.1);
        assertEquals(81, longer.size());
        double[][] head = longer.slice(0, 31).values();
        for (int i = 0; i < 31; i++) {
            assertArrayEquals(window.values()[i], head[i], 1e-8);
        }
    }

    @Test
    void noiseIsSeededGaussianOfStandardDeviationAQuarter() {
        double[] u0 = Lorenz.paperInitialState();
        Trajectory clean = SYSTEM.solve(u0, 0.1, 3.1);
        Trajectory noisy = SYSTEM.noisy(u0, 0.1, 3.1, 7);
        assertEquals(noisy, SYSTEM.noisy(u0, 0.1, 3.1, 7));
        assertNotEquals(noisy, SYSTEM.noisy(u0, 0.1, 3.1, 8));
        Random random = new Random(7);
        for (int i = 0; i < clean.size(); i++) {
            for (int j = 0; j < 3; j++) {
                double noise = noisy.values()[i][j] - clean.values()[i][j];
                assertEquals(0.25 * random.nextGaussian(), noise, 1e-12);
            }
        }
    }
}
