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
 * The backsolve adjoint with a Dopri5 backward solve at rtol 1e-10 reproduces DIRECT gradients
 * (float64, 2-50-50-2 tanh MLP) to 1e-5 relative, after adaptive Dopri5 and fixed-step RK4
 * forward solves, in both step modes, with the full norm and the seminorm, for final-state losses
 * and losses on 62 output times; the seminorm needs fewer backward evaluations.
 */
class BacksolveAdjointTest {

    private static final UnaryOperator<NDArray> MEAN_SQUARE = y -> y.square().mean();
    private static final OdeSolver TIGHT =
            OdeSolver.builder().optStepSizeController(PidController.of(1e-10, 1e-12)).build();

    @Test
    void backsolveEqualsDirectAfterAdaptiveDopri5InBothStepModes() {
        for (StepMode mode : StepMode.values()) {
            OdeSolver forward = TIGHT.toBuilder().optStepMode(mode).build();
            assertBacksolveMatchesDirect(forward, SaveAt.finalState(0, 1.5), AdjointNorm.FULL);
        }
        assertBacksolveMatchesDirect(
                TIGHT, SaveAt.times(CheckpointAdjointTest.outputTimes(62, 6.1)), AdjointNorm.FULL);
    }

    @Test
    void backsolveEqualsDirectAfterFixedStepRk4() {
        OdeSolver forward =
                OdeSolver.builder()
                        .optMethod(Tableaus.RK4)
                        .optStepSizeController(new ConstantStepSize(0.01))
                        .build();
        assertBacksolveMatchesDirect(forward, SaveAt.finalState(0, 1.0), AdjointNorm.FULL);
    }

    @Test
    void seminormKeepsAccuracyWithFewerBackwardEvaluations() {
        SaveAt saveAt = SaveAt.times(0, 0.5, 1.0, 2.0);
        long full = assertBacksolveMatchesDirect(TIGHT, saveAt, AdjointNorm.FULL);
        long semi = assertBacksolveMatchesDirect(TIGHT, saveAt, AdjointNorm.SEMINORM);
        assertTrue(semi < full, "seminorm " + semi + " vs full " + full + " backward evaluations");
    }

    private static long assertBacksolveMatchesDirect(OdeSolver forward, SaveAt saveAt, AdjointNorm norm) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block mlp = GradientChecks.mlp(manager, 3);
            NDArray y0 = manager.create(new double[][] {{0.5, 1.0}, {1.5, -0.5}, {-1.0, 2.0}});
            BacksolveAdjoint backsolve =
                    BacksolveAdjoint.builder().optAdjointSolver(TIGHT).optNorm(norm).build();
            Map<String, double[]> direct =
                    AdjointGradients.of(Sensitivity.DIRECT, forward, mlp, y0, saveAt, MEAN_SQUARE);
            long[] evaluations = new long[1];
            Map<String, double[]> adjoint =
                    AdjointGradients.of(
                            backsolve, forward, mlp, y0, saveAt, MEAN_SQUARE, evaluations);
            double error = AdjointGradients.maxRelativeError(adjoint, direct);
            System.out.printf(
                    "%s %s %s %d outputs: backsolve vs direct %.2e, backward nfe %d%n",
                    forward.stepper().shortName(),
                    forward.stepMode(),
                    norm,
                    saveAt.outputCount(),
                    error,
                    evaluations[0]);
            assertTrue(error < 1e-5, "backsolve vs direct relative error " + error);
            return evaluations[0];
        }
    }
}
