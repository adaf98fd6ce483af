package io.github.neuralode.models.stiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stiff.AutoSwitch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The scaled field {@code NN(y) yScale / tScale} of a one-layer network {@code W y + b} with
 * hand-set weights against values worked out by hand, through the block's forward pass, its
 * prepared field and a whole solve; and its scales through save and load.
 */
class ScaledDynamicsTest {

    private static final double[] SCALE = {2, 1e-5};
    private static final double TIME_SCALE = 1e5;

    @Test
    void forwardAndPreparedFieldScaleTheNetworkOutputByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ScaledDynamics field = linear(manager, new double[] {1, 2, 3, 4}, new double[] {0.5, -1});
            NDArray y = manager.create(new double[][] {{1, -1}, {0, 2}});
            // W y + b: (1 - 2 + 0.5, 3 - 4 - 1) = (-0.5, -2); (4 + 0.5, 8 - 1) = (4.5, 7)
            // times (2, 1e-5) / 1e5: (-1e-5, -2e-10); (9e-5, 7e-10)
            double[] expected = {-1e-5, -2e-10, 9e-5, 7e-10};
            ParameterStore store = new ParameterStore(manager, false);
            double[] viaForward =
                    field.forward(store, new NDList(y), false).singletonOrThrow().toDoubleArray();
            double[] viaPrepared =
                    field.prepareField(store, y, false, TimeInput.NONE)
                            .evaluate(manager.create(0.0), y)
                            .toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                double tolerance = 1e-15 * Math.abs(expected[i]);
                assertArrayEquals(new double[] {expected[i]}, new double[] {viaForward[i]}, tolerance);
                assertArrayEquals(new double[] {expected[i]}, new double[] {viaPrepared[i]}, tolerance);
            }
        }
    }

    /** A constant network output {@code b} moves the state by {@code b yScale} over {@code tScale}. */
    @Test
    void aConstantOutputMovesEachComponentByItsScaleOverTheTimeScale() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ScaledDynamics field = linear(manager, new double[] {0, 0, 0, 0}, new double[] {1, -3});
            OdeBlock ode =
                    OdeBlock.builder()
                            .setVectorField(field)
                            .optSolver(
                                    OdeSolver.builder()
                                            .optMethod(AutoSwitch.tsit5Rosenbrock23())
                                            .optStepSizeController(PidController.of(1e-6, 1e-12))
                                            .build())
                            .optTimes(0, TIME_SCALE)
                            .build();
            ode.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
            copyParameters(field, ode);
            NDArray y0 = manager.create(new double[][] {{1, 4e-5}});
            double[] end =
                    ode.forward(new ParameterStore(manager, false), new NDList(y0), false)
                            .singletonOrThrow()
                            .toDoubleArray();
            // y1 = 1 + 1 * 2 = 3, y2 = 4e-5 - 3 * 1e-5 = 1e-5
            assertArrayEquals(new double[] {3, 1e-5}, end, 1e-12);
        }
    }

    @Test
    void scalesTravelWithSavedParametersAndOtherScalesAreRefused(@TempDir Path folder)
            throws IOException, MalformedModelException {
        try (Model saved = Model.newInstance("scaled");
                Model same = Model.newInstance("same");
                Model other = Model.newInstance("other")) {
            saved.setDataType(DataType.FLOAT64);
            ScaledDynamics field = linear(saved.getNDManager(), new double[] {1, 2, 3, 4}, new double[] {0.5, -1});
            saved.setBlock(field);
            saved.save(folder, "scaled");

            same.setDataType(DataType.FLOAT64);
            same.setBlock(build(SCALE, TIME_SCALE));
            same.load(folder, "scaled");
            NDArray y = same.getNDManager().create(new double[][] {{1, -1}});
            double[] loaded =
                    same.getBlock()
                            .forward(new ParameterStore(same.getNDManager(), false), new NDList(y), false)
                            .singletonOrThrow()
                            .toDoubleArray();
            assertArrayEquals(new double[] {-1e-5, -2e-10}, loaded, 1e-20);

            other.setDataType(DataType.FLOAT64);
            other.setBlock(build(new double[] {2, 1e-4}, TIME_SCALE));
            MalformedModelException refused =
                    assertThrows(MalformedModelException.class, () -> other.load(folder, "scaled"));
            assertTrue(refused.getMessage().contains("[2.0, 1.0E-5]"), refused.getMessage());
            assertTrue(refused.getMessage().contains("[2.0, 1.0E-4]"), refused.getMessage());
        }
    }

    @Test
    void badScalesNameTheSettingAndTheFix() {
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> build(new double[] {1, 0}, 1));
        assertTrue(zero.getMessage().contains("stateScale[1]"), zero.getMessage());
        IllegalArgumentException time =
                assertThrows(IllegalArgumentException.class, () -> build(SCALE, -1));
        assertTrue(time.getMessage().contains("setTimeScale"), time.getMessage());
        try (NDManager manager = NDManager.newBaseManager()) {
            ScaledDynamics field = linear(manager, new double[] {1, 2, 3, 4}, new double[] {0, 0});
            NDArray wide = manager.create(new double[][] {{1, 2, 3}});
            ScaledDynamics three = build(new double[] {1, 1, 1}, 1);
            three.initialize(manager, DataType.FLOAT64, new Shape(1, 3));
            IllegalArgumentException shape =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> field.prepareField(new ParameterStore(manager, false), wide, false, TimeInput.NONE));
            assertTrue(shape.getMessage().contains("one scale per component"), shape.getMessage());
        }
    }

    private static ScaledDynamics build(double[] scale, double timeScale) {
        return ScaledDynamics.builder()
                .setNetwork(Mlp.tanh(2))
                .setStateScale(scale)
                .setTimeScale(timeScale)
                .build();
    }

    /** The scaled one-layer network {@code W y + b}, {@code W} given row by row. */
    private static ScaledDynamics linear(NDManager manager, double[] weight, double[] bias) {
        ScaledDynamics field = build(SCALE, TIME_SCALE);
        field.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
        for (Pair<String, Parameter> pair : field.getParameters()) {
            NDArray array = pair.getValue().getArray();
            array.set(pair.getKey().endsWith("weight") ? weight : bias);
        }
        return field;
    }

    /** Copies the hand-set parameters into the same-named parameters of the ODE block's field. */
    private static void copyParameters(ScaledDynamics from, OdeBlock into) {
        var source = from.getParameters();
        var target = into.getParameters();
        for (int i = 0; i < source.size(); i++) {
            target.get(i).getValue().getArray().set(source.get(i).getValue().getArray().toDoubleArray());
        }
    }
}
