package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.StepperState;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of an {@link AutoSwitch} between steps, per step group: which method takes its next
 * step, how many consecutive accepted steps argued for changing it, and whether the step into this
 * state changed it; plus the derivative at the current point and, while any group is stiff, the
 * Rosenbrock method's linearisation.
 *
 * @param derivative {@code f(t, y)} {@code (batch, n)}
 * @param jacobian {@code df/dy} {@code (batch, n, n)} while any group is stiff, else null
 * @param timeDerivative {@code df/dt} {@code (batch, n)} for time-dependent fields while any group
 *     is stiff, else null
 * @param stiff per group, whether the stiff method takes the next step
 * @param streak per group, accepted steps whose stiffness indicator argued for the other method
 *     since the count was last reset
 * @param calm per group, consecutive accepted steps that did not (enough of them reset {@code
 *     streak})
 * @param switched per group, whether the step into this state changed the method
 */
public record AutoSwitchState(
        NDArray derivative,
        NDArray jacobian,
        NDArray timeDerivative,
        boolean[] stiff,
        int[] streak,
        int[] calm,
        boolean[] switched)
        implements StepperState {

    /** Copies the per-group arrays. */
    public AutoSwitchState {
        stiff = stiff.clone();
        streak = streak.clone();
        calm = calm.clone();
        switched = switched.clone();
    }

    /** {@inheritDoc} */
    @Override
    public List<NDArray> arrays() {
        List<NDArray> arrays = new ArrayList<>(3);
        arrays.add(derivative);
        if (jacobian != null) {
            arrays.add(jacobian);
        }
        if (timeDerivative != null) {
            arrays.add(timeDerivative);
        }
        return arrays;
    }

    /**
     * Returns whether any group takes its next step with the stiff method.
     *
     * @return {@code true} if a linearisation is needed
     */
    public boolean anyStiff() {
        for (boolean s : stiff) {
            if (s) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether any group takes its next step with the explicit method.
     *
     * @return {@code true} if an explicit step is needed
     */
    public boolean anyExplicit() {
        for (boolean s : stiff) {
            if (!s) {
                return true;
            }
        }
        return false;
    }
}
