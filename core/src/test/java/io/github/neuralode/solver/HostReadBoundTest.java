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
            Counted run = countedSolve(solver);
            System.out.println(mode + ": " + run.reads() + " host reads for " + run.stats().acceptedSteps()
                    + " accepted and " + run.stats().rejectedSteps() + " rejected steps");
            assertTrue(run.stats().acceptedSteps() > 20, "a solve of many steps");
            if (mode == StepMode.SHARED) {
                assertEquals(run.attempts() + 4, run.reads(), mode.toString());
            } else {
                assertTrue(run.reads() <= run.attempts() + 4, mode + ": " + run.reads() + " > " + run.attempts() + " + 4");
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
        Counted run = countedSolve(solver);
        assertEquals(60, run.stats().acceptedSteps());
        assertEquals(run.stats().acceptedSteps() + 1, run.reads());
    }

    @Test
    void autoSwitchingAddsOneReadPerStepForItsStiffnessTest() {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(AutoSwitch.tsit5Rosenbrock23())
                        .optStepSizeController(PidController.of(1e-8, 1e-10))
                        .build();
        Counted run = countedSolve(solver);
        System.out.println("AutoSwitch: " + run.reads() + " host reads for " + run.attempts() + " attempts");
        assertTrue(run.reads() <= 2 * run.attempts() + 4, run.reads() + " > 2 x " + run.attempts() + " + 4");
    }

    /** A solve's statistics and the host reads it made. */
    private record Counted(SolveStats stats, long reads) {
        long attempts() {
            return stats.acceptedSteps() + stats.rejectedSteps();
        }
    }

    /** A damped rotation of 8 samples, {@code y' = y A}, on [0, 3], counting its host reads. */
    private static Counted countedSolve(OdeSolver solver) {
        try (NDManager manager = NDManager.newBaseManager()) {
            long before = HostReads.count();
            SolveStats stats = solve(solver, manager).stats();
            return new Counted(stats, HostReads.count() - before);
        }
    }

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
