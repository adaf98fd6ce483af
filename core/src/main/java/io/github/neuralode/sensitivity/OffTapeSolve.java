package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.OdeSolution;

import java.util.function.LongConsumer;

/**
 * The {@link SensitivitySolve} of the adjoints: a forward solve run off the tape, whose outputs
 * reach the caller as a fresh leaf and whose gradient a {@link PendingAdjoint} registered with
 * {@link OdeBackward} finishes.
 */
final class OffTapeSolve implements SensitivitySolve {

    private final AdjointSolve solve;
    private final NDArray y0;
    private boolean connected;

    /**
     * Wraps an adjoint solve.
     *
     * @param solve the forward solve and its backward pass
     * @param y0 the initial state the solve received
     */
    OffTapeSolve(AdjointSolve solve, NDArray y0) {
        this.solve = solve;
        this.y0 = y0;
    }

    /** {@inheritDoc} */
    @Override
    public OdeSolution solution() {
        return solve.solution();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns a fresh leaf and registers the pending backward pass, which owns the solve from
     * now on and releases it after running.
     */
    @Override
    public NDArray connect(NDArray outputs, LongConsumer onBackward) {
        if (connected) {
            throw new IllegalStateException(
                    "the outputs of this adjoint solve are connected already: solve again for"
                            + " another backward pass");
        }
        connected = true;
        NDArray leaf = outputs.stopGradient();
        leaf.setRequiresGradient(true);
        OdeBackward.register(new PendingAdjoint(solve, leaf, y0, onBackward));
        return leaf;
    }
}
