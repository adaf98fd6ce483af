package io.github.neuralode.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
 * t0^2) / 2}.
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
}
