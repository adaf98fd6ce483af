package io.github.neuralode.sensitivity;

/**
 * How gradients of an ODE solution reach the initial state and the vector field's parameters.
 *
 * <table>
 *   <caption>Sensitivities (S accepted steps, B batch, n state size, P parameters)</caption>
 *   <tr><th>value</th><th>gradient</th><th>memory</th><th>backward cost</th></tr>
 *   <tr><td>DIRECT</td><td>exact gradient of the discrete solve (autograd through every
 *       operation)</td><td>grows with S: the whole graph of every stage is kept</td>
 *       <td>one autograd backward through the recorded solve</td></tr>
 *   <tr><td>CHECKPOINT_ADJOINT</td><td>equal to DIRECT up to round-off</td><td>S x B x n values
 *       (one state per step) plus the graph of one step</td><td>every step re-run once (all its
 *       stages) plus one backward per step</td></tr>
 *   <tr><td>BACKSOLVE_ADJOINT</td><td>approximate (continuous adjoint, error set by the backward
 *       tolerances); unstable on stiff or chaotic problems</td><td>constant in S: 2 B n + P
 *       values plus one evaluation's graph</td><td>an adaptive solve of the augmented system,
 *       often several times the forward's evaluations</td></tr>
 * </table>
 *
 * <p>Both adjoints solve the forward pass with recording paused; inside a DJL model an {@code
 * OdeBlock} with an adjoint sensitivity needs {@code OdeBackward.backward(collector, loss)} in
 * place of {@code collector.backward(loss)} (or {@code AdjointTrain} in place of {@code
 * EasyTrain}).
 */
public enum Sensitivity {
    /**
     * Autograd through every solver operation (discretise-then-optimise). Works with every method,
     * controller and step mode; step-size decisions are made off the tape, so the gradient is that
     * of the discrete solution for the accepted step sizes.
     */
    DIRECT,
    /**
     * The exact checkpointed adjoint ({@link CheckpointAdjointSolve}): forward with recording paused,
     * keeping the accepted {@code (t, h, y)} of every step; backward re-runs one step at a time
     * with recording on and pulls the adjoint through it. Same gradient as {@link #DIRECT};
     * memory grows with the number of steps only by one state per step.
     */
    CHECKPOINT_ADJOINT,
    /**
     * The continuous adjoint of Chen et al. (2018) ({@link BacksolveAdjoint}): integrates state,
     * adjoint and parameter adjoint backwards in time with its own error control (optionally
     * measuring the error with a seminorm that ignores the parameter adjoint, Kidger et al. 2021).
     * Memory does not grow with the number of steps, but the gradient is only approximate: the
     * state is re-integrated backwards, which is inaccurate or unstable for stiff, dissipative or
     * chaotic dynamics. Prefer {@link #CHECKPOINT_ADJOINT} unless memory forbids it.
     */
    BACKSOLVE_ADJOINT
}
