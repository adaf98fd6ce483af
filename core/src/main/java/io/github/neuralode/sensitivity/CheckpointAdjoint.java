package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

/**
 * The exact checkpointed adjoint (ACA-style discretise-then-optimise), {@link
 * Sensitivity#CHECKPOINT_ADJOINT}: the forward solve runs with recording paused and keeps the
 * accepted {@code (t, h, y)} of every step; the backward pass re-runs one step at a time with
 * recording on, from the last step to the first, and pulls the adjoint through it with one
 * vector-Jacobian product ({@link CheckpointAdjointSolve}).
 *
 * <p>Gradients equal those of {@link Sensitivity#DIRECT} up to round-off, for fixed-step and
 * adaptive methods and in both step modes, with outputs at any number of times. Memory grows with
 * the number of steps only by one state per step, plus the graph of one step.
 *
 * <p>The outputs are connected as a fresh leaf with a pending backward pass for {@link
 * OdeBackward#backward}. It has no settings: use {@link Sensitivity#CHECKPOINT_ADJOINT}.
 */
public final class CheckpointAdjoint implements Sensitivity {

    /** Creates the strategy; {@link Sensitivity#CHECKPOINT_ADJOINT} is the instance to use. */
    CheckpointAdjoint() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "checkpoint";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Solves with recording paused and keeps one state per accepted step ({@link
     * CheckpointAdjointSolve#solve}); the vector field's parameters receive their gradients
     * through autograd while the steps are re-run.
     */
    @Override
    public SensitivitySolve solve(OdeSolver solver, VectorField field, NDArray y0, SaveAt saveAt) {
        return new OffTapeSolve(CheckpointAdjointSolve.solve(solver, field, y0, saveAt), y0);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name();
    }
}
