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

/** Autograd through the solver (DIRECT) equals central finite differences in float64. */
class DirectGradientTest {

    private static final double[] TIMES = {0.0, 0.3, 0.7, 1.0};

    @Test
    void directGradientsOfAdaptiveDopri5MatchFiniteDifferences() {
        for (StepMode mode : StepMode.values()) {
            OdeSolver solver =
                    OdeSolver.builder()
                            .optStepSizeController(PidController.of(1e-11, 1e-12))
                            .optStepMode(mode)
                            .build();
            assertGradientsMatch(solver, 1e-4);
        }
    }

    @Test
    void directGradientsOfFixedStepRk4MatchFiniteDifferences() {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.RK4)
                        .optStepSizeController(new ConstantStepSize(0.05))
                        .build();
        assertGradientsMatch(solver, 1e-6);
    }

    /** Asserts 1e-6 relative agreement; {@code step} is the finite-difference step. */
    private static void assertGradientsMatch(OdeSolver solver, double step) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block mlp = GradientChecks.mlp(manager, 3);
            NDArray y0 = manager.create(new double[][] {{0.5, 1.0}, {1.5, -0.5}, {-1.0, 2.0}});
            Map<String, Double> errors =
                    GradientChecks.relativeErrors(
                            mlp,
                            y0,
                            (field, x0) -> solver.solve(field, x0, SaveAt.times(TIMES)).outputs().square().mean(),
                            6,
                            step);
            System.out.println(solver.stepper().shortName() + " " + solver.stepMode() + " relative errors: " + errors);
            errors.forEach((name, error) -> assertTrue(error < 1e-6, name + ": " + error));
        }
    }
}
