package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;

/**
 * One attempted Runge-Kutta step on a flattened batch {@code (batch, n)}.
 *
 * @param y1 the proposed state at the end of the step {@code (batch, n)}
 * @param kEnd {@code f(t + h, y1)}, the next step's first stage {@code (batch, n)}
 * @param stages the state and the extended stages stacked on the last axis, {@code [y, k_0, ...,
 *     k_(E-1)]} of shape {@code (batch, n, E + 1)}, for dense output (null when not requested
 *     and the method has no error estimate)
 * @param error the embedded error estimate {@code (batch, n)} (off the tape), or {@code null} for
 *     methods without one
 */
public record StepResult(NDArray y1, NDArray kEnd, NDArray stages, NDArray error) {}
