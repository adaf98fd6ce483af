package io.github.neuralode.ode;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * The right-hand side {@code f(t, y)} of an ODE {@code dy/dt = f(t, y)}, evaluated on a batch.
 *
 * <p>Shapes: {@code y} is {@code (batch, state...)}; the result must have the same shape, data
 * type and device. {@code t} is a scalar array (shape {@code ()}) when the whole batch shares one
 * time ({@code StepMode.SHARED}), or a {@code (batch, 1)} column when every sample steps on its
 * own clock ({@code StepMode.PER_SAMPLE}); it has the data type of {@code y}. Time is in the
 * units of the output times given to the solver.
 *
 * <p>Implementations must be pure functions of their inputs: the solver evaluates them at trial
 * points, and gradients flow through whatever operations they record. A field with trainable
 * parameters names them in {@link #parameters}, so that adjoint sensitivities that integrate the
 * parameter adjoint (the backsolve adjoint) know where to put their gradients.
 */
@FunctionalInterface
public interface VectorField {

    /**
     * Evaluates the vector field.
     *
     * @param t the time: shape {@code ()} or {@code (batch, 1)}
     * @param y the state: shape {@code (batch, state...)}
     * @return {@code dy/dt}, shaped like {@code y}
     */
    NDArray evaluate(NDArray t, NDArray y);

    /**
     * Returns whether {@link #evaluate} reads {@code t}. The solver skips building the stage
     * times of autonomous fields (one operation per stage saved).
     *
     * @return {@code true} unless the field is autonomous
     */
    default boolean isTimeDependent() {
        return true;
    }

    /**
     * Returns the arrays of the parameters that {@link #evaluate} reads and that should receive
     * gradients, exactly as evaluations on states on {@code device} read them (their gradient
     * arrays are where parameter gradients accumulate). Fields without trainable parameters, and
     * fields used only where gradients flow by ordinary autograd, need not override this.
     *
     * @param device the device of the state the field is evaluated on
     * @return the parameter arrays, in a fixed order; empty by default
     */
    default List<NDArray> parameters(Device device) {
        return List.of();
    }

    /**
     * Wraps an autonomous function {@code f(y)}.
     *
     * @param field the function of the state alone
     * @return a vector field that ignores time
     */
    static VectorField autonomous(java.util.function.UnaryOperator<NDArray> field) {
        return new VectorField() {
            @Override
            public NDArray evaluate(NDArray t, NDArray y) {
                return field.apply(y);
            }

            @Override
            public boolean isTimeDependent() {
                return false;
            }

            @Override
            public String toString() {
                return "autonomous " + FlatField.describe(field);
            }
        };
    }
}
