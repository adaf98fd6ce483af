package io.github.neuralode.models.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.check.GradientReport;
import io.github.neuralode.models.augment.Augmentation;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * The second-order field integrates {@code x'' = -x} from {@code x = 1, v = 0} to {@code x(t) = cos
 * t}, {@code v(t) = -sin t}, and its head reads the positions; gradients by the checkpoint
 * adjoint equal direct ones and finite differences.
 */
class SecondOrderFieldTest {

    private static final OdeSolver TIGHT =
            OdeSolver.builder().optStepSizeController(PidController.of(1e-11, 1e-12)).build();

    @Test
    void harmonicOscillatorFollowsCosine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // acceleration = -x: weight (2, 4) = [-I, 0] on the state (x1, x2, v1, v2)
            Linear spring = Linear.builder().setUnits(2).optBias(false).build();
            spring.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            SecondOrderField field =
                    SecondOrderField.builder().setPositions(2).setAcceleration(spring).build();
            OdeBlock ode = OdeBlock.builder().setVectorField(field).optSolver(TIGHT).optTimes(0, 1.5).build();
            SequentialBlock model = Augmentation.zeroPadding(2, ode, 2);
            model.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
            spring.getParameters().get("weight").getArray()
                    .set(new double[] {-1, 0, 0, 0, 0, -1, 0, 0});
            NDArray x0 = manager.create(new double[][] {{1.0, -2.0}});
            NDArray x1 = model.forward(new ParameterStore(manager, false), new NDList(x0), false)
                    .singletonOrThrow();
            assertEquals(new Shape(1, 2), x1.getShape());
            assertEquals(Math.cos(1.5), x1.getDouble(0, 0), 1e-9);
            assertEquals(-2 * Math.cos(1.5), x1.getDouble(0, 1), 1e-9);
            NDArray state = ode.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(new double[][] {{1.0, -2.0, 0, 0}})), false)
                    .singletonOrThrow();
            assertEquals(-Math.sin(1.5), state.getDouble(0, 2), 1e-9);
            assertEquals(2 * Math.sin(1.5), state.getDouble(0, 3), 1e-9);
        }
    }

    @Test
    void gradientsAgreeAcrossSensitivitiesWithTime() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            SecondOrderField field =
                    SecondOrderField.builder().setPositions(2)
                            .setAcceleration(Mlp.tanh(2, 8)).build();
            OdeBlock ode = OdeBlock.builder().setVectorField(field).optSolver(TIGHT)
                    .optTimeInput(TimeInput.APPEND).build();
            ode.initialize(manager, DataType.FLOAT64, new Shape(3, 4));
            NDArray y0 = manager.randomNormal(new Shape(3, 4)).toType(DataType.FLOAT64, false);
            GradientReport report = GradientCheck.builder().setBlock(ode).setInput(y0)
                    .optSensitivities(Sensitivity.CHECKPOINT_ADJOINT).build().run();
            assertTrue(report.maxErrorVsDirect(Sensitivity.CHECKPOINT_ADJOINT) < 1e-8, report.toString());
            assertTrue(report.maxFiniteDifferenceError() < 1e-6, report.toString());
        }
    }

    @Test
    void aStateOfTheWrongWidthIsRefusedWithTheFix() {
        SecondOrderField field =
                SecondOrderField.builder().setPositions(3).setAcceleration(Mlp.tanh(3)).build();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> field.getOutputShapes(new Shape[] {new Shape(2, 3)}));
        assertTrue(error.getMessage().contains("ZeroPadding(3)"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SecondOrderField.builder().setPositions(2).build());
    }
}
