package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

/**
 * One attempted step of a {@link Stepper} on a flattened batch {@code (batch, n)}.
 *
 * @param y1 the proposed state at the end of the step {@code (batch, n)}
 * @param error the embedded error estimate {@code (batch, n)}, computed off the tape, or {@code
 *     null} for methods without one
 * @param next the method's state at {@code y1}
 * @param interpolant the dense output over the step (may refuse to evaluate when dense output was
 *     not requested)
 * @param <S> the method's state type
 */
public record StepAttempt<S extends StepperState>(
        NDArray y1, NDArray error, S next, Interpolant interpolant) {}
