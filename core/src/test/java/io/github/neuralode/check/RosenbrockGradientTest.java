package io.github.neuralode.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stepsize.StepSizeController;
import io.github.neuralode.solver.stiff.AutoSwitch;
import io.github.neuralode.solver.stiff.Rosenbrock;
import io.github.neuralode.solver.stiff.RosenbrockTableau;
import io.github.neuralode.solver.stiff.RosenbrockTableaus;

import org.junit.jupiter.api.Test;

/**
 * Gradients through Rosenbrock solves of a small MLP field (float64, 2-8-8-2 tanh, four outputs,
 * finite-difference Jacobians, which are recorded, so the Jacobian's dependence on the parameters
 * is part of the gradient). With fixed steps the discrete solve is a smooth function of the
 * parameters: DIRECT within 1e-6 of central finite differences and the checkpointed adjoint within
 * 1e-9 of DIRECT. The loss differences use a relative perturbation of 1e-4, not 1e-6: the
 * Jacobian's own increments are rounded to representable differences, which makes the solve
 * smooth only down to about 1e-8 of the Jacobian (with 1e-6 that showed as errors of 2e-6 to
 * 5e-6). With adaptive steps the checkpointed adjoint still equals DIRECT to 1e-9 in both step
 * modes (finite differences there also see the step sizes move, so they are not asserted). The
 * field is a plain {@code SequentialBlock}, which both sensitivities evaluate the same way; with
 * {@code Mlp}, DIRECT runs its prepared field (equal to the block up to round-off) and at rtol 1e-7
 * the adaptive Rodas5P runs then differed by 1e-9 to 1.5e-8, step decisions amplifying round-off.
 */
class RosenbrockGradientTest {

    private static final RosenbrockTableau[] METHODS = {
        RosenbrockTableaus.ROSENBROCK23, RosenbrockTableaus.RODAS5P
    };

    @Test
    void fixedStepDirectMatchesFiniteDifferencesAndCheckpointMatchesDirect() {
        for (RosenbrockTableau tableau : METHODS) {
            GradientReport report = check(tableau, StepMode.SHARED, new ConstantStepSize(0.05), 1e-4);
            assertTrue(report.maxFiniteDifferenceError() < 1e-6, report.toString());
            assertTrue(report.maxErrorVsDirect(Sensitivity.CHECKPOINT_ADJOINT) < 1e-9, report.toString());
        }
    }

    @Test
    void adaptiveCheckpointMatchesDirectInBothStepModes() {
        for (RosenbrockTableau tableau : METHODS) {
            for (StepMode mode : StepMode.values()) {
                GradientReport report = check(tableau, mode, PidController.of(1e-7, 1e-9), 1e-6);
                assertTrue(report.maxErrorVsDirect(Sensitivity.CHECKPOINT_ADJOINT) < 1e-9, report.toString());
            }
        }
    }

    /**
     * A linear field with eigenvalues -500 and -1 (weights set by hand) through {@code
     * AutoSwitch}: Tsit5 until the stiffness test switches to Rosenbrock23, so the solve has steps
     * of both methods. The checkpointed adjoint re-runs every step with the method the forward
     * solve used (it once re-ran them all with Tsit5, from the switch's initial state, and got
     * NaN), and equals DIRECT in both step modes.
     */
    @Test
    void checkpointReplaysEveryStepWithTheMethodTheSwitchChose() {
        for (StepMode mode : StepMode.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                OdeBlock block =
                        OdeBlock.builder()
                                .setVectorField(Linear.builder().setUnits(2).build())
                                .optSolver(
                                        OdeSolver.builder()
                                                .optMethod(AutoSwitch.tsit5Rosenbrock23())
                                                .optStepSizeController(PidController.of(1e-6, 1e-8))
                                                .optStepMode(mode)
                                                .build())
                                .optTimes(0, 0.5, 2.0, 5.0)
                                .optOutput(OdeOutput.TRAJECTORY)
                                .build();
                block.initialize(manager, DataType.FLOAT64, new Shape(2, 2));
                block.getParameters().get(0).getValue().getArray().set(new double[] {-500, 20, 0, -1});
                block.getParameters().get(1).getValue().getArray().set(new double[] {1, 0.5});
                NDArray y0 = manager.create(new double[][] {{1, 2}, {-1, 0.5}});
                GradientReport report =
                        GradientCheck.builder()
                                .setBlock(block)
                                .setInput(y0)
                                .optSensitivities(Sensitivity.CHECKPOINT_ADJOINT)
                                .optEntries(1)
                                .optEpsilon(1e-6)
                                .build()
                                .run();
                System.out.print("AutoSwitch " + mode + "\n" + report);
                var counts = block.getLastSolution().stats().method();
                assertTrue(counts.stiffSteps() > 0 && counts.nonStiffSteps() > 0, counts.toString());
                assertTrue(report.maxErrorVsDirect(Sensitivity.CHECKPOINT_ADJOINT) < 1e-9, report.toString());
            }
        }
    }

    /** {@code 2 -> 8 -> tanh -> 8 -> tanh -> 2}, evaluated as a block under every sensitivity. */
    private static SequentialBlock field() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(8).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(2).build());
    }

    private static GradientReport check(
            RosenbrockTableau tableau, StepMode mode, StepSizeController controller, double epsilon) {
        return checkWith(tableau, mode, controller, epsilon, OdeOutput.TRAJECTORY);
    }

    private static GradientReport checkWith(
            RosenbrockTableau tableau, StepMode mode, StepSizeController controller, double epsilon, OdeOutput output) {
        try (NDManager manager = NDManager.newBaseManager()) {
            OdeBlock block =
                    OdeBlock.builder()
                            .setVectorField(field())
                            .optSolver(
                                    OdeSolver.builder()
                                            .optMethod(Rosenbrock.of(tableau))
                                            .optStepSizeController(controller)
                                            .optStepMode(mode)
                                            .build())
                            .optTimes(0, 0.3, 0.7, 1.0)
                            .optOutput(output)
                            .build();
            Engine.getInstance().setRandomSeed(5);
            block.initialize(manager, DataType.FLOAT64, new Shape(3, 2));
            NDArray y0 = manager.randomUniform(-1f, 1f, new Shape(3, 2), DataType.FLOAT64);
            GradientReport report =
                    GradientCheck.builder()
                            .setBlock(block)
                            .setInput(y0)
                            .optSensitivities(Sensitivity.CHECKPOINT_ADJOINT)
                            .optEntries(1)
                            .optEpsilon(epsilon)
                            .build()
                            .run();
            System.out.print(tableau.shortName() + " " + mode + " " + controller + "\n" + report);
            assertEquals(7, report.tensors().size());
            return report;
        }
    }
}
