package io.github.neuralode.data.systems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The Lotka-Volterra series against its conserved quantity, and the noise convention. */
class LotkaVolterraTest {

    private static final LotkaVolterra SYSTEM = LotkaVolterra.paper();

    @Test
    void paperWindowHas61PointsFromTheInitialState() {
        Trajectory series =
                SYSTEM.solve(
                        LotkaVolterra.paperInitialState(),
                        LotkaVolterra.PAPER_DT,
                        LotkaVolterra.PAPER_T_END);
        assertEquals(61, series.size());
        assertEquals(2, series.dimension());
        assertEquals(0.0, series.times()[0]);
        assertEquals(6.0, series.times()[60], 1e-12);
        assertArrayEquals(LotkaVolterra.paperInitialState(), series.values()[0], 0.0);
        // An end on the grid is excluded: [0, 6.0) holds 60 points.
        assertEquals(60, SYSTEM.solve(LotkaVolterra.paperInitialState(), 0.1, 6.0).size());
    }

    /**
     * The authors' form {@code dy/dt = c x y - d y} with {@code c = 0.8}, {@code d = 1.8} has its
     * equilibrium at {@code (d / c, a / b) = (2.25, 1.444...)}: a series started there stays.
     */
    @Test
    void theEquilibriumOfTheAuthorsFormIsAtRest() {
        double[] equilibrium = {1.8 / 0.8, 1.3 / 0.9};
        Trajectory series = SYSTEM.solve(equilibrium, 0.5, 5.0);
        for (double[] row : series.values()) {
            assertArrayEquals(equilibrium, row, 1e-12);
        }
    }

    @Test
    void invariantStaysAtItsInitialValueThroughTheExtrapolationWindow() {
        // 61 training points and 50 extrapolation points: t = 0 .. 11.0.
        Trajectory series = SYSTEM.solve(LotkaVolterra.paperInitialState(), 0.1, 11.1);
        assertEquals(111, series.size());
        double[][] values = series.values();
        double initial = SYSTEM.invariant(values[0][0], values[0][1]);
        for (int i = 0; i < values.length; i++) {
            double v = SYSTEM.invariant(values[i][0], values[i][1]);
            assertEquals(initial, v, 1e-8, "t = " + series.times()[i]);
        }
    }

    @Test
    void noiseIsSeededWithStandardDeviationFivePercentOfTheMean() {
        double[] u0 = LotkaVolterra.paperInitialState();
        Trajectory clean = SYSTEM.solve(u0, 0.1, 100.05);
        Trajectory noisy = SYSTEM.noisy(u0, 0.1, 100.05, 2023);
        assertEquals(noisy, SYSTEM.noisy(u0, 0.1, 100.05, 2023));
        assertNotEquals(noisy, SYSTEM.noisy(u0, 0.1, 100.05, 2024));
        double[] means = clean.means();
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            double squares = 0;
            int n = clean.size();
            for (int i = 0; i < n; i++) {
                double z = (noisy.values()[i][j] - clean.values()[i][j]) / (0.05 * means[j]);
                sum += z;
                squares += z * z;
            }
            double sd = Math.sqrt((squares - sum * sum / n) / (n - 1));
            assertEquals(1.0, sd, 0.1, "component " + j);
        }
    }

    @Test
    void badInputIsRefusedNamingIt() {
        IllegalArgumentException rate =
                assertThrows(IllegalArgumentException.class, () -> new LotkaVolterra(1, 0, 1, 1));
        assertEquals("b must be finite and positive, got 0.0", rate.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> SYSTEM.solve(new double[] {1, -1}, 0.1, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> SYSTEM.solve(LotkaVolterra.paperInitialState(), 0.1, 0.1));
    }
}
