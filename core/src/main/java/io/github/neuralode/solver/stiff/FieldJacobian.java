package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

/**
 * The linearization of a vector field at every sample of a batch, and what it cost.
 *
 * @param matrix {@code J_b = df(t, y_b)/dy_b} for every sample {@code b}, shape {@code (batch, n,
 *     n)}, row {@code i} holding the derivatives of component {@code i}; the state's data type
 * @param timeDerivative {@code df(t, y_b)/dt}, shape {@code (batch, n)}, or {@code null} when the
 *     field is autonomous ({@code isTimeDependent()} false)
 * @param fieldCalls how many times {@code VectorField.evaluate} ran (0 for analytic Jacobians)
 * @param fieldRows how many state rows those calls evaluated in total (e.g. {@code batch (n + 1)}
 *     for forward differences of an autonomous field)
 */
public record FieldJacobian(
        NDArray matrix, NDArray timeDerivative, int fieldCalls, long fieldRows) {}
