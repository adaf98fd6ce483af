package io.github.neuralode.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * A network that sees time ({@link TimeInput#APPEND}) receives the right stage times in both
 * step modes, forwards and backwards in time: {@code y' = t} gives {@code y(t) = y0 + (t^2 -
 * t0^2) / 2}. An image state gets time as a constant last channel, so a 1x1 convolution that
 * reads only that channel gives the same solution in every pixel.
 */
class TimeInputTest {

    @Test
    void appendedTimeReachesTheNetworkInBothModesAndDirections() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear net = Linear.builder().setUnits(1).optBias(false).build();
            net.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT64, new Shape(2, 2));
            // weight (1, 2) = [0, 1]: dy/dt = 0 * y + 1 * t
            net.getParameters().get("weight").getArray().set(new double[] {0, 1});
            VectorField field =
                    new BlockVectorField(net, new ParameterStore(manager, false), false, TimeInput.APPEND);
            NDArray y0 = manager.create(new double[][] {{1.0}, {-2.0}});
            for (StepMode mode : StepMode.values()) {
                OdeSolver solver =
                        OdeSolver.builder()
                                .optStepSizeController(PidController.of(1e-9, 1e-9))
                                .optStepMode(mode)
                                .build();
                double[][] spans = {{0.5, 1.0, 2.0, 3.0}, {3.0, 2.0, 0.5}};
                for (double[] times : spans) {
                    OdeSolution solution = solver.solve(field, y0, SaveAt.times(times));
                    for (int i = 0; i < times.length; i++) {
                        double shift = (times[i] * times[i] - times[0] * times[0]) / 2;
                        NDArray state = solution.outputs().get(i);
                        assertEquals(1.0 + shift, state.getDouble(0, 0), 1e-9, mode + " t=" + times[i]);
                        assertEquals(-2.0 + shift, state.getDouble(1, 0), 1e-9, mode + " t=" + times[i]);
                    }
                }
            }
        }
    }

    @Test
    void imageStatesSeeTimeAsAConstantLastChannel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape state = new Shape(2, 2, 3, 4);
            Shape input = BlockVectorField.networkInputShape(state, TimeInput.APPEND);
            assertEquals(new Shape(2, 3, 3, 4), input);
            Conv2d net = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2)
                    .optBias(false).build();
            net.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT64, input);
            // weight (2, 3, 1, 1): each output channel copies input channel 2, the time channel
            net.getParameters().get("weight").getArray().set(new double[] {0, 0, 1, 0, 0, 1});
            VectorField field =
                    new BlockVectorField(net, new ParameterStore(manager, false), false, TimeInput.APPEND);
            NDArray y0 = manager.arange(48).toType(DataType.FLOAT64, false).reshape(state);
            for (StepMode mode : StepMode.values()) {
                OdeSolver solver =
                        OdeSolver.builder()
                                .optStepSizeController(PidController.of(1e-9, 1e-9))
                                .optStepMode(mode)
                                .build();
                NDArray y1 = solver.solve(field, y0, SaveAt.finalState(0.5, 2.0)).finalState();
                double shift = (2.0 * 2.0 - 0.5 * 0.5) / 2;
                double[] expected = y0.add(shift).toDoubleArray();
                double[] actual = y1.toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-9, mode + " element " + i);
                }
            }
        }
    }
}
