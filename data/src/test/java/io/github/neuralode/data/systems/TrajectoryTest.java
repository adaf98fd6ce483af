package io.github.neuralode.data.systems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The sampled trajectory: validation, copies, windows, means and the noise convention. */
class TrajectoryTest {

    private static Trajectory threePoints() {
        return new Trajectory(
                new double[] {0.0, 0.5, 1.0}, new double[][] {{1, 10}, {2, 20}, {6, 30}});
    }

    @Test
    void sliceKeepsTheTimesOfTheWindow() {
        Trajectory trajectory = threePoints();
        Trajectory tail = trajectory.slice(1, 3);
        assertEquals(2, tail.size());
        assertEquals(2, tail.dimension());
        assertArrayEquals(new double[] {0.5, 1.0}, tail.times(), 0.0);
        assertArrayEquals(new double[] {6, 30}, tail.values()[1], 0.0);
        assertThrows(IllegalArgumentException.class, () -> trajectory.slice(2, 2));
        assertThrows(IllegalArgumentException.class, () -> trajectory.slice(0, 4));
    }

    @Test
    void meansAverageEachComponentOverTime() {
        assertArrayEquals(new double[] {3, 20}, threePoints().means(), 1e-15);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] times = {0.0, 1.0};
        double[][] values = {{1.0}, {2.0}};
        Trajectory trajectory = new Trajectory(times, values);
        times[0] = -5;
        values[1][0] = 7;
        trajectory.values()[0][0] = 9;
        trajectory.times()[1] = 9;
        assertEquals(new Trajectory(new double[] {0.0, 1.0}, new double[][] {{1.0}, {2.0}}),
                trajectory);
    }

    @Test
    void badArraysAreRefusedNamingTheEntry() {
        IllegalArgumentException unordered =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Trajectory(new double[] {0, 0}, new double[][] {{1}, {2}}));
        assertTrue(unordered.getMessage().contains("times[1]"), unordered.getMessage());
        IllegalArgumentException ragged =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Trajectory(new double[] {0, 1}, new double[][] {{1}, {2, 3}}));
        assertTrue(ragged.getMessage().contains("values[1]"), ragged.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Trajectory(new double[] {0, 1}, new double[][] {{1}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Trajectory(new double[] {0}, new double[][] {{Double.NaN}}));
    }

    @Test
    void noiseIsSeededGaussianDrawnTimeByTime() {
        Trajectory clean = threePoints();
        double[] deviations = {0.1, 2.0};
        Trajectory noisy = clean.withNoise(deviations, 42);
        assertEquals(noisy, clean.withNoise(deviations, 42));
        assertNotEquals(noisy, clean.withNoise(deviations, 43));
        Random random = new Random(42);
        for (int i = 0; i < clean.size(); i++) {
            for (int j = 0; j < 2; j++) {
                double expected = clean.values()[i][j] + deviations[j] * random.nextGaussian();
                assertEquals(expected, noisy.values()[i][j], 0.0);
            }
        }
        assertArrayEquals(clean.times(), noisy.times(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> clean.withNoise(new double[] {1}, 1));
        assertThrows(
                IllegalArgumentException.class, () -> clean.withNoise(new double[] {1, -1}, 1));
    }
}
