package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import io.github.neuralode.TestProblems;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/**
 * Outputs that coincide with step ends are reached even when rounding puts the time-over-step
 * ratio a hair above 1 (0.55 + 0.05 lands on 0.6, yet (0.6 - 0.5499999999999999) / 0.05 > 1).
 */
class StepWindowTest {

    @Test
    void outputsOnAccumulatedStepEndsAreAllReached() {
        double[] times = new double[11];
        for (int i = 0; i < times.length; i++) {
            times[i] = i / 10.0;
        }
        for (StepMode mode : StepMode.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                OdeSolver solver =
                        OdeSolver.builder()
                                .optMethod(Tableaus.RK4)
                                .optStepSizeController(new ConstantStepSize(0.05))
                                .optStepMode(mode)
                                .build();
                OdeSolution solution =
                        solver.solve(
                                TestProblems.DECAY.field(manager),
                                TestProblems.DECAY.initialState(manager),
                                SaveAt.times(times));
                double[] values = solution.outputs().toDoubleArray();
                for (int i = 0; i < times.length; i++) {
                    assertEquals(Math.exp(-times[i]), values[i], 1e-7, mode + " output " + i);
                }
            }
        }
    }

    @Test
    void consecutiveStepsTileTheTimeAxis() {
        double t = 0.5499999999999999;
        assertTrue(StepWindow.contains(0.6, t, 0.05, 1.0));
        assertEquals(1.0, StepWindow.theta(0.6, t, 0.05, 1.0), 0.0);
        assertTrue(!StepWindow.contains(0.6, t + 0.05, 0.05, 1.0));
        assertTrue(StepWindow.contains(0.0, 0.5, -0.5, 0.0));
        assertTrue(!StepWindow.contains(0.3, 0.2, 0.0, 1.0));
    }
}
