package io.github.neuralode.models.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.ode.TimeInput;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link HybridField}: its forward pass and its prepared field both compute {@code c u + U(u)}
 * (checked by hand with {@code U(u) = u^2}), give the same parameter gradients through an MLP, and
 * a state of the wrong width is refused naming the fix.
 */
class HybridFieldTest {

    private static final double[] RATES = {1.3, -0.8};

    @Test
    void forwardAndPreparedFieldAddTheKnownRatesToTheNetwork() {
        HybridField field =
                new HybridField(
                        RATES, new LambdaBlock(list -> new NDList(list.singletonOrThrow().square())));
        try (NDManager manager = NDManager.newBaseManager()) {
            field.initialize(manager, DataType.FLOAT64, new Shape(2, 2));
            NDArray u = manager.create(new double[][] {{0.5, 2.0}, {-1.0, 3.0}});
            double[] expected = {
                1.3 * 0.5 + 0.25, -0.8 * 2.0 + 4.0, 1.3 * -1.0 + 1.0, -0.8 * 3.0 + 9.0
            };
            ParameterStore store = new ParameterStore(manager, false);
            double[] forward = field.forward(store, new NDList(u), false).singletonOrThrow().toDoubleArray();
            double[] prepared =
                    field.prepareField(store, u, false, TimeInput.NONE)
                            .evaluate(manager.create(0.0), u)
                            .toDoubleArray();
            assertArrayEquals(expected, forward, 1e-15);
            assertArrayEquals(expected, prepared, 1e-15);
        }
    }

    @Test
    void preparedFieldGivesTheForwardPassGradients() {
        HybridField field = new HybridField(RATES, Mlp.tanh(2, 8));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            field.initialize(manager, DataType.FLOAT64, new Shape(3, 2));
            NDArray u = manager.create(new double[][] {{0.5, 2.0}, {-1.0, 3.0}, {0.1, -0.4}});
            ParameterStore store = new ParameterStore(manager, false);
            List<double[]> viaForward =
                    gradients(field, y -> field.forward(store, new NDList(y), true).singletonOrThrow(), u);
            List<double[]> viaPrepared =
                    gradients(
                            field,
                            y -> field.prepareField(store, y, true, TimeInput.NONE).evaluate(manager.create(0.0), y),
                            u);
            assertEquals(4, viaForward.size());
            for (int i = 0; i < viaForward.size(); i++) {
                assertTrue(norm(viaForward.get(i)) > 0, "parameter " + i + " has no gradient");
                assertArrayEquals(viaForward.get(i), viaPrepared.get(i), 1e-14, "parameter " + i);
            }
        }
    }

    @Test
    void aStateOfTheWrongWidthNamesTheFix() {
        HybridField field = new HybridField(RATES, Mlp.tanh(3, 4));
        try (NDManager manager = NDManager.newBaseManager()) {
            field.initialize(manager, DataType.FLOAT64, new Shape(1, 3));
            NDArray wide = manager.zeros(new Shape(1, 3), DataType.FLOAT64);
            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> field.prepareField(new ParameterStore(manager, false), wide, false, TimeInput.NONE));
            assertTrue(error.getMessage().contains("give one per component"), error.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new HybridField(new double[] {Double.NaN}, Mlp.tanh(1, 2)));
    }

    /** Gradients of the sum of the field's values with respect to every parameter, in order. */
    private static List<double[]> gradients(HybridField field, Function<NDArray, NDArray> evaluate, NDArray u) {
        List<double[]> result = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.zeroGradients(); // gradients accumulate across collectors
            collector.backward(evaluate.apply(u).sum());
        }
        for (Pair<String, Parameter> pair : field.getParameters()) {
            result.add(pair.getValue().getArray().getGradient().toDoubleArray());
        }
        return result;
    }

    private static double norm(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
