package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.OdeSolution;

/**
 * A forward solve run with recording paused, whose gradient an adjoint backward pass computes
 * later: {@link CheckpointAdjointSolve}, or the solve of {@link BacksolveAdjoint}. The adjoints'
 * {@link SensitivitySolve} registers it with {@link OdeBackward} inside a {@link PendingAdjoint}.
 *
 * <p>Shapes: {@link OdeSolution#outputs()} is {@code (times, batch, state...)} (one time for
 * final-state requests); {@link #backward} takes a cotangent of exactly that shape and returns the
 * cotangent of {@code y0}, {@code (batch, state...)}. The parameter gradients {@code
 * cotangent^T d(outputs)/d(theta)} are added into the gradient arrays of the vector field's
 * parameters (like any autograd backward, they accumulate). Closing releases the checkpoints.
 */
public interface AdjointSolve extends AutoCloseable {

    /**
     * Returns the forward solution (its outputs are not on the autograd tape).
     *
     * @return the solution
     */
    OdeSolution solution();

    /**
     * Runs the adjoint backward pass once.
     *
     * @param outputsCotangent {@code dL/d(outputs)}, shaped like {@code solution().outputs()}
     * @return {@code dL/dy0} {@code (batch, state...)}, owned by the cotangent's manager
     */
    NDArray backward(NDArray outputsCotangent);

    /**
     * Returns the batched vector-field evaluations spent by the backward passes so far.
     *
     * @return the count (0 before {@link #backward})
     */
    long backwardEvaluations();

    /** Releases the arrays kept for the backward pass. */
    @Override
    void close();
}
