package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.VectorField;

/**
 * A Jacobian supplied by the user: no field evaluation, exact to round-off, and differentiable
 * exactly as far as the user's functions record operations.
 *
 * <p>The time derivative {@code df/dt} is a function of {@code (t, y)} shaped like {@code y},
 * which is what a {@link VectorField} is, so it is given as one; autonomous fields need none.
 */
public final class AnalyticJacobian implements JacobianMethod {

    private final JacobianFunction jacobian;
    private final VectorField timeDerivative;

    private AnalyticJacobian(JacobianFunction jacobian, VectorField timeDerivative) {
        this.jacobian = jacobian;
        this.timeDerivative = timeDerivative;
    }

    /**
     * Uses an analytic Jacobian for an autonomous field.
     *
     * @param jacobian {@code (t, y) -> df/dy}, shape {@code (batch, n, n)}
     * @return the method; it refuses time-dependent fields
     */
    public static AnalyticJacobian autonomous(JacobianFunction jacobian) {
        return new AnalyticJacobian(jacobian, null);
    }

    /**
     * Uses an analytic Jacobian and time derivative.
     *
     * @param jacobian {@code (t, y) -> df/dy}, shape {@code (batch, n, n)}
     * @param timeDerivative {@code (t, y) -> df/dt}, shape {@code (batch, n)}
     * @return the method
     */
    public static AnalyticJacobian of(JacobianFunction jacobian, VectorField timeDerivative) {
        return new AnalyticJacobian(jacobian, timeDerivative);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the field is time dependent and no time derivative was
     *     given, or a result has the wrong shape
     */
    @Override
    public FieldJacobian evaluate(VectorField field, NDArray t, NDArray y) {
        long batch = y.getShape().get(0);
        long n = y.getShape().get(1);
        NDArray matrix = jacobian.evaluate(t, y);
        requireShape("the Jacobian", matrix, new Shape(batch, n, n));
        if (!field.isTimeDependent()) {
            return new FieldJacobian(matrix, null, 0, 0);
        }
        if (timeDerivative == null) {
            throw new IllegalArgumentException(
                    "the field is time dependent: give df/dt with AnalyticJacobian.of(jacobian,"
                            + " timeDerivative), or mark an autonomous field with"
                            + " VectorField.autonomous");
        }
        NDArray dfdt = timeDerivative.evaluate(t, y);
        requireShape("df/dt", dfdt, y.getShape());
        return new FieldJacobian(matrix, dfdt, 0, 0);
    }

    private static void requireShape(String what, NDArray array, Shape expected) {
        if (!array.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    what + " has shape " + array.getShape() + ", expected " + expected);
        }
    }
}
