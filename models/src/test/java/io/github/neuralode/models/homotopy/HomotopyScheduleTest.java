package io.github.neuralode.models.homotopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The coupling schedule against levels worked out by hand. */
class HomotopyScheduleTest {

    @Test
    void fiveStepsWithKappaPointSixGiveTheGeometricLevels() {
        HomotopySchedule schedule = new HomotopySchedule(5, 0.6, 10);
        // decrements 0.6^i / 2.3056 (1, 0.566, 0.306, 0.150, 0.056, 0 to 3 decimals), from
        // s = sum(0.6**i for i in range(5)); [1 - sum(0.6**j for j in range(i)) / s
        //                                     for i in range(6)]
        double[] expected = {
            1, 0.5662734212352534, 0.30603747397640524, 0.14989590562109656,
            0.056210964607911196, 0
        };
        assertArrayEquals(expected, schedule.levels(), 1e-12);
        assertEquals(0.0, schedule.levels()[5], 0);
        assertEquals(1.0, schedule.levels()[0], 0);
        assertEquals(60, schedule.totalEpochs());
    }

    @Test
    void eachLevelIsHeldForEpochsPerLevelFromEpochZero() {
        HomotopySchedule schedule = new HomotopySchedule(5, 0.6, 10);
        double[] levels = schedule.levels();
        assertEquals(1.0, schedule.lambdaAt(0), 0);
        assertEquals(1.0, schedule.lambdaAt(9), 0);
        assertEquals(levels[1], schedule.lambdaAt(10), 0);
        assertEquals(levels[1], schedule.lambdaAt(19), 0);
        assertEquals(levels[4], schedule.lambdaAt(49), 0);
        assertEquals(0.0, schedule.lambdaAt(50), 0);
        assertEquals(0.0, schedule.lambdaAt(59), 0);
        assertEquals(0.0, schedule.lambdaAt(60), 0);
    }

    @Test
    void equalStepsForKappaOne() {
        assertArrayEquals(
                new double[] {1, 0.75, 0.5, 0.25, 0},
                new HomotopySchedule(4, 1, 1).levels(),
                1e-15);
        assertArrayEquals(new double[] {1, 0}, new HomotopySchedule(1, 0.3, 2).levels(), 0);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("steps", () -> new HomotopySchedule(0, 0.6, 10));
        assertMessage("kappa", () -> new HomotopySchedule(5, 0, 10));
        assertMessage("kappa", () -> new HomotopySchedule(5, Double.NaN, 10));
        assertMessage("epochsPerLevel", () -> new HomotopySchedule(5, 0.6, 0));
        assertMessage("overflows", () -> new HomotopySchedule(5, 0.6, Integer.MAX_VALUE));
        assertMessage("epoch", () -> new HomotopySchedule(5, 0.6, 10).lambdaAt(-1));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
