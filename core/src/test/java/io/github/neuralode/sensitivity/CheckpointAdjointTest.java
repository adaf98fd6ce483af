package io.github.neuralode.sensitivity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import io.github.neuralode.GradientChecks;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The checkpointed adjoint reproduces DIRECT gradients (float64, 2-50-50-2 tanh MLP) to 1e-9
 * relative, for parameters and y0, with fixed-step RK4 and adaptive Dopri5, in both step modes,
 * for final-state losses and for losses on 62 output times (at step ends and between steps).
 */
class CheckpointAdjointTest {

    private static final UnaryOperator<NDArray> MEAN_SQUARE = y -> y.square().mean();

    @Test
    void checkpointEqualsDirectForAdaptiveDopri5InBothStepModes() {
        for (StepMode mode : StepMode.values()) {
            OdeSolver solver =
                    OdeSolver.builder()
                            .optStepSizeController(PidController.of(1e-7, 1e-9))
                            .optStepMode(mode)
                            .build();
            assertCheckpointMatchesDirect(solver, SaveAt.finalState(0, 1.5));
            assertCheckpointMatchesDirect(solver, SaveAt.times(outputTimes(62, 6.1)));
        }
    }

    @Test
    void checkpointEqualsDirectForFixedStepRk4WithOutputsAtAndBetweenSteps() {
        for (StepMode mode : StepMode.values()) {
            OdeSolver solver =
                    OdeSolver.builder()
                            .optMethod(Tableaus.RK4)
                            .optStepSizeController(new ConstantStepSize(0.05))
                            .optStepMode(mode)
                            .build();
            assertCheckpointMatchesDirect(solver, SaveAt.finalState(0, 1.0));
            // 0.1 apart: every output lands on a step end; 0.0983 apart: all fall inside steps
            assertCheckpointMatchesDirect(solver, SaveAt.times(outputTimes(11, 1.0)));
            assertCheckpointMatchesDirect(solver, SaveAt.times(outputTimes(62, 6.0)));
        }
    }

    static double[] outputTimes(int count, double end) {
        double[] times = new double[count];
        for (int i = 0; i < count; i++) {
            times[i] = end * i / (count - 1);
        }
        return times;
    }

    private static void assertCheckpointMatchesDirect(OdeSolver solver, SaveAt saveAt) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block mlp = GradientChecks.mlp(manager, 3);
            NDArray y0 = manager.create(new double[][] {{0.5, 1.0}, {1.5, -0.5}, {-1.0, 2.0}});
            Map<String, double[]> direct =
                    AdjointGradients.of(Sensitivity.DIRECT, solver, mlp, y0, saveAt, MEAN_SQUARE);
            Map<String, double[]> checkpoint =
                    AdjointGradients.of(
                            Sensitivity.CHECKPOINT_ADJOINT, solver, mlp, y0, saveAt, MEAN_SQUARE);
            double error = AdjointGradients.maxRelativeError(checkpoint, direct);
            System.out.printf(
                    "%s %s %d outputs: checkpoint vs direct %.2e%n",
                    solver.stepper().shortName(), solver.stepMode(), saveAt.outputCount(), error);
            assertTrue(error < 1e-9, "checkpoint vs direct relative error " + error);
        }
    }
}
