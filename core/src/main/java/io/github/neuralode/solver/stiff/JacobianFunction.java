package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

/**
 * A user-supplied analytic Jacobian of a batched vector field, for {@link AnalyticJacobian}.
 *
 * <p>Build constants from NDArrays (not Java numbers) if the result is to be differentiated: the
 * autograd graph keeps pointing at the buffers of Number arguments, which the garbage collector
 * may free.
 */
@FunctionalInterface
public interface JacobianFunction {

    /**
     * Evaluates every sample's Jacobian.
     *
     * @param t the time: shape {@code ()} or {@code (batch, 1)}
     * @param y the state {@code (batch, n)}
     * @return {@code df(t, y_b)/dy_b}, shape {@code (batch, n, n)}, row {@code i} for component
     *     {@code i}, the data type of {@code y}
     */
    NDArray evaluate(NDArray t, NDArray y);
}
