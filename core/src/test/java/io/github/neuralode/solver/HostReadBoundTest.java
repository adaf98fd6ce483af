package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.engine.HostReads;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stiff.AutoSwitch;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/**
 * The solve loop's copies from engine arrays to Java (each one a device synchronisation on a GPU)
 * are bounded by one per step attempt, plus four per adaptive solve (the initial state's
 * finiteness and Hairer's three norms for the first step) or one per fixed-step solve; automatic
 * stiffness switching adds one per step for its stiffness estimate.
 */
class HostReadBoundTest {

    private static final double[] TIMES = {0.0, 0.5, 1.0, 2.0, 3.0};

    @Test
    void adaptiveDopri5ReadsOneArrayPerAttempt() {
        for (StepMode mode : StepMode.values()) {
            OdeSolver solver =
                    OdeSolver.builder()
                            .optStepSizeController(PidController.of(1e-8, 1e-10))
                            .optStepMode(mode)
                            .build();
            try (NDManager manager = NDManager.newBaseManager()) {
                long before = HostReads.count();
                OdeSolution solution = solve(solver, manager);
                long reads = HostReads.count() - before;
                SolveStats stats = solution.stats();
                long attempts = stats.acceptedSteps() + stats.rejectedSteps();
                System.out.println(mode + ": " + reads + " host reads for " + stats.acceptedSteps()
                        + " accepted and " + stats.rejectedSteps() + " rejected steps");
                assertTrue(stats.acceptedSteps() > 20, "a solve of many steps");
                if (mode == StepMode.SHARED) {
                    assertEquals(attempts + 4, reads, mode.toString());
                } else {
                    assertTrue(reads <= attempts + 4, mode + ": " + reads + " > " + attempts + " + 4");
                }
            }
        }
    }

    @Test
    void fixedStepRk4ReadsOneScalarPerStep() {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.RK4)
                        .optStepSizeController(new ConstantStepSize(0.05))
                        .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            long before = HostReads.count();
            OdeSolution solution = solve(solver, manager);
            long reads = HostReads.count() - before;
            assertEquals(60, solution.stats().acceptedSteps());
            assertEquals(solution.stats().acceptedSteps() + 1, reads);
        }
    }

    @Test
    void autoSwitchingAddsOneReadPerStepForItsStiffnessTest() {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(AutoSwitch.tsit5Rosenbrock23())
                        .optStepSizeController(PidController.of(1e-8, 1e-10))
                        .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            long before = HostReads.count();
            OdeSolution solution = solve(solver, manager);
            long reads = HostReads.count() - before;
            SolveStats stats = solution.stats();
            long attempts = stats.acceptedSteps() + stats.rejectedSteps();
            System.out.println("AutoSwitch: " + reads + " host reads for " + attempts + " attempts");
            assertTrue(reads <= 2 * attempts + 4, reads + " > 2 x " + attempts + " + 4");
        }
    }

    /** A damped rotation of 8 samples, {@code y' = y A}, on [0, 3]. */
    private static OdeSolution solve(OdeSolver solver, NDManager manager) {
        NDArray a = manager.create(new double[][] {{-0.1, 2.0}, {-2.0, -0.1}});
        double[][] start = new double[8][];
        for (int b = 0; b < start.length; b++) {
            start[b] = new double[] {Math.cos(0.7 * b), 0.5 * Math.sin(1.3 * b)};
        }
        NDArray y0 = manager.create(start);
        return solver.solve(VectorField.autonomous(y -> y.matMul(a)), y0, SaveAt.times(TIMES));
    }
}
