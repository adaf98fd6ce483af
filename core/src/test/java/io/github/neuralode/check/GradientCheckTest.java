package io.github.neuralode.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * The gradient checker on a float64 trajectory block (Dopri5 rtol 1e-10, 2-50-50-2 tanh, 5
 * outputs): one row per parameter tensor plus y0; checkpoint within 1e-9 and backsolve within 1e-5
 * of DIRECT (and not exactly equal: it is approximate), DIRECT within 1e-6 of finite differences.
 */
class GradientCheckTest {

    @Test
    void reportsRoundOffForCheckpointAndSmallErrorsForBacksolveAndFiniteDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OdeBlock block =
                    OdeBlock.builder()
                            .setVectorField(Mlp.tanh(2, 50, 50))
                            .optSolver(
                                    OdeSolver.builder()
                                            .optStepSizeController(PidController.of(1e-10, 1e-12))
                                            .build())
                            .optTimes(0, 0.5, 1.0, 1.5, 2.0)
                            .optOutput(OdeOutput.TRAJECTORY)
                            .build();
            Engine.getInstance().setRandomSeed(3);
            block.initialize(manager, DataType.FLOAT64, new Shape(4, 2));
            NDArray y0 = manager.randomUniform(0.5f, 2f, new Shape(4, 2), DataType.FLOAT64);
            GradientReport report = GradientCheck.builder().setBlock(block).setInput(y0).build().run();
            System.out.print(report);
            assertEquals(7, report.tensors().size());
            assertEquals("y0", report.tensors().get(6).name());
            assertTrue(report.maxErrorVsDirect(Sensitivity.CHECKPOINT_ADJOINT) < 1e-9, report.toString());
            assertTrue(report.maxErrorVsDirect(Sensitivity.BACKSOLVE_ADJOINT) < 1e-5, report.toString());
            assertTrue(report.maxFiniteDifferenceError() < 1e-6, report.toString());
            assertTrue(report.maxErrorVsDirect(Sensitivity.BACKSOLVE_ADJOINT) > 0, "backsolve is approximate");
        }
    }
}
