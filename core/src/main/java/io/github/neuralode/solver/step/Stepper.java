package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

import java.util.Optional;

/**
 * A one-step method: how one step of {@code dy/dt = f(t, y)} is attempted, independently of the
 * step-size controller, the batch stepping mode, the requested outputs and the sensitivity, which
 * the solve loop wires around it.
 *
 * <p>A stepper is immutable configuration; what it carries from one step to the next (the FSAL
 * derivative of an explicit Runge-Kutta method, a Jacobian and its factorisation for a Rosenbrock
 * method, the active method of an automatic switch) lives in its state record {@code S}. States
 * are flattened {@code (batch, n)} arrays; step sizes are signed Java doubles, one per step group
 * (one for a shared step, one per sample).
 *
 * <p>The loop calls {@link #init} once at {@code t0}, then {@link #step} per attempt; where the
 * controller rejects some groups it keeps their previous state through {@link #merge}. The
 * checkpoint adjoint replays an accepted step by calling {@link #init} and {@link #step} again at
 * the step's start with recording on, so both must be deterministic functions of their inputs.
 *
 * @param <S> the state the method carries between steps
 */
public interface Stepper<S extends StepperState> {

    /**
     * Returns the method's long name.
     *
     * @return e.g. "Dormand-Prince 5(4)"
     */
    String name();

    /**
     * Returns the method's short name, as users select it.
     *
     * @return e.g. "dopri5"
     */
    String shortName();

    /**
     * Returns the order of the solution that is propagated.
     *
     * @return the order, at least 1
     */
    int order();

    /**
     * Returns whether {@link StepAttempt#error()} is available (the method can run with an
     * adaptive step-size controller).
     *
     * @return {@code true} for methods with an embedded error estimate
     */
    boolean hasErrorEstimate();

    /**
     * Returns the exponent order of the error estimate, {@code 1 + min(order, embedded order)},
     * which the step-size controller uses.
     *
     * @return the error order; meaningful only with an error estimate
     */
    int errorOrder();

    /**
     * Returns the error order of every step group's next attempt from this state: {@link
     * #errorOrder()} for all of them, unless the method switches between methods per group.
     *
     * @param state the state the attempt starts from
     * @param groups the number of step groups
     * @return one error order per group
     */
    default int[] errorOrders(S state, int groups) {
        int[] orders = new int[groups];
        java.util.Arrays.fill(orders, errorOrder());
        return orders;
    }

    /**
     * Prepares the state at the start of the solve (or of a replayed step).
     *
     * @param context the vector field and the stage times of this start point ({@code c = 0})
     * @param y0 the state {@code (batch, n)}
     * @return the state the first step starts from
     */
    S init(StepContext context, NDArray y0);

    /**
     * Returns what a replay of a step must know about the state it started from beyond the state
     * {@code y} itself: the method's discrete choices (for an automatic switch, which method each
     * group used), without arrays, so that an adjoint can keep it for every step at no memory
     * cost. The default, {@code null}, says that {@link #init} at {@code y} recreates the state.
     *
     * @param state the state a step started from
     * @return its discrete part, or {@code null}
     */
    default S replayPart(S state) {
        return null;
    }

    /**
     * Recreates, at {@code y} and with recording on where the caller records, the state a step
     * started from, given its {@link #replayPart}: the checkpointed adjoint's re-run of a step
     * must take the step the forward solve took. The default ignores the part and calls {@link
     * #init}.
     *
     * @param context the vector field and the stage times of the step's start ({@code c = 0})
     * @param y the state at the start of the step {@code (batch, n)}
     * @param part what {@link #replayPart} returned for the step's start state (not null)
     * @return the state to re-run the step from
     */
    default S reinit(StepContext context, NDArray y, S part) {
        return init(context, y);
    }

    /**
     * Attempts one step from {@code y} with the signed steps {@code h}.
     *
     * @param context the vector field, stage times and coefficient combiner of this attempt
     * @param y the state {@code (batch, n)}
     * @param state the method's state at {@code y}
     * @param h the signed step of every step group (0 leaves a group where it is)
     * @param denseOutput whether the returned interpolant will be asked for states inside the step
     * @return the proposed state, its error estimate, the next method state and the interpolant
     */
    StepAttempt<S> step(StepContext context, NDArray y, S state, double[] h, boolean denseOutput);

    /**
     * Returns the real stability boundary of the method: the largest {@code h lambda} for which
     * its steps on {@code y' = -lambda y} stay stable ({@code +infinity} for A-stable methods).
     *
     * @return the boundary, positive
     */
    default double stabilityBoundary() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Estimates, per sample, {@code h} times the dominant eigenvalue of the Jacobian along the
     * attempted step (Hairer's stiffness detection: two stages at the same node give {@code
     * |k_j - k_i| / |g_j - g_i|}), to compare with {@link #stabilityBoundary()}: a ratio near the
     * boundary over many steps means the step size is held down by stability, not accuracy, and
     * the problem is stiff for this method. Off the tape; one small host read.
     *
     * @param attempt an attempt of this stepper, while its arrays are open
     * @return the ratios per sample, or empty when the method cannot tell
     */
    default Optional<double[]> stiffnessIndicator(StepAttempt<S> attempt) {
        return Optional.empty();
    }

    /**
     * Combines two states row by row: the rows of {@code proposed} where {@code take} is set, the
     * rows of {@code current} elsewhere (the loop keeps rejected groups where they were).
     *
     * @param take per step group, whether it takes the proposed state
     * @param rowMask the same as a {@code (batch, n)} boolean mask, constant along each row
     * @param proposed the state after the attempted step
     * @param current the state before it
     * @return the merged state
     */
    S merge(boolean[] take, NDArray rowMask, S proposed, S current);

    /**
     * Called once for every state the loop moves on to (after an attempt in which at least one
     * group was accepted), so that the method can count what it decided in that state (an
     * automatic switch counts its switches here); the default does nothing.
     *
     * @param accepted the state the loop moves on to
     * @param counters the solve's counters
     */
    default void accepted(S accepted, MethodCounters counters) {}
}
