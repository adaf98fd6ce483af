package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;

import java.util.function.LongConsumer;

/**
 * What {@link OdeBackward} needs to finish the gradient of one adjoint-mode ODE solve inside a
 * larger model: registered by the forward pass (for example {@code OdeBlock}), consumed by the
 * next {@link OdeBackward#backward} on the same thread.
 *
 * @param solve the forward solve and its adjoint backward pass
 * @param output the leaf array returned to the model, {@code (batch, state...)} for a final state
 *     or {@code (times, batch, state...)}; downstream layers record onto it, so after the ordinary
 *     backward its gradient is the cotangent of the solve's outputs
 * @param y0 the initial state the solve received; if it requires a gradient (an upstream graph or
 *     a leaf), the adjoint's {@code dL/dy0} is back-propagated into it
 * @param onFinished receives the backward pass's vector-field evaluations (statistics)
 */
public record PendingAdjoint(AdjointSolve solve, NDArray output, NDArray y0, LongConsumer onFinished)
        implements AutoCloseable {

    /** Releases the solve's checkpoints. */
    @Override
    public void close() {
        solve.close();
    }
}
