package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.StepperState;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of a {@link Rosenbrock} method between steps: the linearisation at the current point,
 * which a rejected step reuses (only {@code W = I - gamma h J} is formed again for the smaller
 * step).
 *
 * @param derivative {@code f(t, y)} {@code (batch, n)}
 * @param jacobian {@code df/dy} at {@code (t, y)} {@code (batch, n, n)}
 * @param timeDerivative {@code df/dt} at {@code (t, y)} {@code (batch, n)}, or {@code null} for an
 *     autonomous field
 */
public record RosenbrockState(NDArray derivative, NDArray jacobian, NDArray timeDerivative)
        implements StepperState {

    /** {@inheritDoc} */
    @Override
    public List<NDArray> arrays() {
        List<NDArray> arrays = new ArrayList<>(3);
        arrays.add(derivative);
        arrays.add(jacobian);
        if (timeDerivative != null) {
            arrays.add(timeDerivative);
        }
        return arrays;
    }
}
