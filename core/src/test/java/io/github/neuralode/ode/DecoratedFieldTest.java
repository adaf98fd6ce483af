package io.github.neuralode.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * {@link DecoratedField}: {@code g(t, y) = d(t, y, f(t, y))} by hand, the inner field's parameters
 * passed through, and time dependence kept from the inner field or added by the decoration.
 */
class DecoratedFieldTest {

    @Test
    void decoratesTheInnerValueAndKeepsItsParametersAndTimeDependence() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new double[] {3.0});
            VectorField inner =
                    new VectorField() {
                        @Override
                        public NDArray evaluate(NDArray t, NDArray y) {
                            return y.mul(weight);
                        }

                        @Override
                        public boolean isTimeDependent() {
                            return false;
                        }

                        @Override
                        public List<NDArray> parameters(Device device) {
                            return List.of(weight);
                        }
                    };
            VectorField plusState = DecoratedField.of(inner, (t, y, value) -> value.add(y), "plus y");
            VectorField plusTime =
                    DecoratedField.ofTimeDependent(inner, (t, y, value) -> value.add(t), "plus t");
            NDArray y = manager.create(new double[][] {{1.0, -2.0}});
            NDArray t = manager.create(0.5);
            assertArrayEquals(new double[] {4.0, -8.0}, plusState.evaluate(t, y).toDoubleArray(), 0);
            assertArrayEquals(new double[] {3.5, -5.5}, plusTime.evaluate(t, y).toDoubleArray(), 0);
            assertFalse(plusState.isTimeDependent());
            assertTrue(plusTime.isTimeDependent());
            VectorField timed = (time, state) -> state.mul(time);
            assertTrue(DecoratedField.of(timed, (time, state, value) -> value, "same").isTimeDependent());
            assertSame(weight, plusState.parameters(Device.cpu()).get(0));
            assertTrue(plusState.toString().startsWith("plus y of "), plusState.toString());
        }
    }
}
