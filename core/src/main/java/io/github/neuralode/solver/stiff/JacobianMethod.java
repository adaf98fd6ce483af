package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.ode.VectorField;

/**
 * How a stiff method obtains every sample's Jacobian {@code J_b = df(t, y_b)/dy_b} of a batched
 * field, and {@code df/dt} for time-dependent fields, in one batched computation.
 *
 * <table>
 *   <caption>Implementations (batch B, state size n)</caption>
 *   <tr><th>class</th><th>field calls (rows)</th><th>extra work</th><th>on the tape</th></tr>
 *   <tr><td>{@link AutogradJacobian}</td><td>1 (B n)</td><td>one backward pass</td>
 *       <td>no (a constant)</td></tr>
 *   <tr><td>{@link FiniteDifferenceJacobian}</td><td>1 (B (n + 1), plus B for df/dt)</td>
 *       <td>-</td><td>yes, when recording: w.r.t. y and parameters</td></tr>
 *   <tr><td>{@link FiniteDifferenceJacobian#columnByColumn()}</td><td>n + 1 (B each)</td>
 *       <td>-</td><td>the same</td></tr>
 *   <tr><td>{@link AnalyticJacobian}</td><td>0</td><td>the user's functions</td>
 *       <td>whatever they record</td></tr>
 * </table>
 *
 * <p>The replicating implementations evaluate the field on more rows than the batch: the field
 * must treat rows independently and accept any row count (no per-sample constants shaped {@code
 * (batch, ...)}, no batch normalization in training mode), and they pass time as a column {@code
 * (rows, 1)} when the field is time dependent (the {@code (batch, 1)} form of {@link
 * VectorField}).
 */
public interface JacobianMethod {

    /**
     * Computes the Jacobian of every sample at {@code (t, y)}.
     *
     * @param field the vector field on flattened states
     * @param t the time: shape {@code ()} or {@code (batch, 1)}, the state's data type
     * @param y the state {@code (batch, n)}, float32 or float64
     * @return the Jacobians {@code (batch, n, n)}, {@code df/dt} {@code (batch, n)} for
     *     time-dependent fields, and the cost; arrays belong to {@code y}'s manager
     */
    FieldJacobian evaluate(VectorField field, NDArray t, NDArray y);
}
