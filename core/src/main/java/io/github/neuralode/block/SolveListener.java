package io.github.neuralode.block;

import io.github.neuralode.solver.OdeSolution;

/**
 * Receives the solution of every forward pass of an {@link OdeBlock} (statistics such as function
 * evaluations and accepted or rejected steps, per-sample status), so that training and evaluation
 * passes, and passes on different threads or devices, can be told apart; {@link
 * OdeBlock#getLastSolution()} only keeps the latest one. Add one with {@link
 * OdeBlock#addSolveListener}.
 *
 * <pre>{@code
 * LongAdder trainingNfe = new LongAdder();
 * ode.addSolveListener((solution, training) -> {
 *     if (training) {
 *         trainingNfe.add(solution.stats().functionEvaluations());
 *     }
 * });
 * }</pre>
 *
 * <p>Listeners are called on the thread that ran the pass, right after the solve; they must be
 * thread-safe when the model trains on several devices.
 */
@FunctionalInterface
public interface SolveListener {

    /**
     * Called after each forward solve.
     *
     * @param solution the solution of this pass (its outputs belong to the caller: do not close)
     * @param training whether the pass was a training pass ({@code forward(..., training=true)})
     */
    void onForward(OdeSolution solution, boolean training);

    /**
     * Called after the adjoint backward pass of a forward solve of an adjoint-mode block (never
     * for {@code Sensitivity.DIRECT}, whose backward pass is the ordinary autograd one); the
     * default does nothing.
     *
     * @param solution the forward solution, with {@code stats().backwardEvaluations()} filled in
     */
    default void onBackward(OdeSolution solution) {}
}
