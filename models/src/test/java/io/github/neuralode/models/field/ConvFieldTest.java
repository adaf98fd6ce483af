package io.github.neuralode.models.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.check.GradientReport;
import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/**
 * The ANODE paper's convolutional field: shapes, the time channel fed to every convolution (a
 * field whose first convolution ignores time still depends on it), and gradients of an image ODE
 * by the checkpoint adjoint against direct ones and finite differences. The gradient check uses
 * fixed RK4 steps: with adaptive steps a ReLU field's accepted step sequence changes under the
 * finite-difference perturbation, and the jumps (of the order of the tolerance) swamp the small
 * differences of a mean-square loss.
 */
class ConvFieldTest {

    @Test
    void mapsAugmentedImagesToTheirOwnShapeAndReadsTime() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvField field = ConvField.builder().setChannels(3).setFilters(4).build();
            Shape input = BlockVectorField.networkInputShape(new Shape(2, 3, 5, 5), TimeInput.APPEND);
            field.initialize(manager, DataType.FLOAT64, input);
            assertEquals(new Shape(2, 3, 5, 5), field.getOutputShapes(new Shape[] {input})[0]);
            // the first convolution's weight on the time channel set to zero: t still reaches
            // the second and third convolutions
            NDArray weight = field.getParameters().get("01conv1_weight").getArray();
            weight.set(new ai.djl.ndarray.index.NDIndex(":, 3"), 0.0);
            NDArray y = manager.randomNormal(new Shape(2, 3, 5, 5)).toType(DataType.FLOAT64, false);
            BlockVectorField vf = new BlockVectorField(field, new ParameterStore(manager, false),
                    false, TimeInput.APPEND);
            NDArray early = vf.evaluate(manager.create(0.0), y);
            NDArray late = vf.evaluate(manager.create(1.0), y);
            assertEquals(new Shape(2, 3, 5, 5), early.getShape());
            assertTrue(early.sub(late).abs().max().getDouble() > 1e-3, "the field ignores time");
        }
    }

    @Test
    void imageOdeGradientsAgreeAcrossSensitivities() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvField field = ConvField.builder().setChannels(2).setFilters(3).build();
            OdeBlock ode = OdeBlock.builder()
                    .setVectorField(field)
                    .optSolver(OdeSolver.builder()
                            .optMethod(Tableaus.RK4)
                            .optStepSizeController(ConstantStepSize.ofSteps(0, 1, 20))
                            .build())
                    .optTimeInput(TimeInput.APPEND)
                    .build();
            ode.initialize(manager, DataType.FLOAT64, new Shape(2, 2, 4, 4));
            NDArray y0 = manager.randomNormal(new Shape(2, 2, 4, 4)).toType(DataType.FLOAT64, false);
            GradientReport report = GradientCheck.builder().setBlock(ode).setInput(y0)
                    .optSensitivities(Sensitivity.CHECKPOINT_ADJOINT).optEntries(3).build().run();
            assertTrue(report.maxErrorVsDirect(Sensitivity.CHECKPOINT_ADJOINT) < 1e-8, report.toString());
            assertTrue(report.maxFiniteDifferenceError() < 1e-6, report.toString());
        }
    }

    @Test
    void inputsWithoutTheTimeChannelAreRefusedWithTheFix() {
        ConvField field = ConvField.builder().setChannels(2).setFilters(3).build();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> field.getOutputShapes(new Shape[] {new Shape(1, 2, 4, 4)}));
        assertTrue(error.getMessage().contains("TimeInput.APPEND"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvField.builder().setFilters(3).build());
    }

    @Test
    void forwardOfTheBlockEqualsItsFieldEvaluation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ConvField field = ConvField.builder().setChannels(1).setFilters(2)
                    .optTimeChannel(false).build();
            field.initialize(manager, DataType.FLOAT64, new Shape(1, 1, 3, 3));
            NDArray y = manager.ones(new Shape(1, 1, 3, 3), DataType.FLOAT64);
            NDArray out = field.forward(new ParameterStore(manager, false), new NDList(y), false)
                    .singletonOrThrow();
            assertEquals(new Shape(1, 1, 3, 3), out.getShape());
        }
    }
}
