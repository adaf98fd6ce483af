package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.OdeSolution;

import java.util.function.LongConsumer;

/**
 * One forward solve under a {@link Sensitivity}: its solution, and how the outputs a caller uses
 * join the caller's autograd graph so that the loss's gradient reaches {@code y0} and the vector
 * field's parameters.
 *
 * <p>{@link Direct}'s outputs are already on the tape and are used as they are. The adjoints'
 * outputs are off the tape: {@link #connect} returns a fresh leaf and registers a {@link
 * PendingAdjoint} with {@link OdeBackward}, whose next {@link OdeBackward#backward} runs the
 * adjoint backward pass, adds the parameter gradients and back-propagates {@code dL/dy0} into
 * {@code y0}. Their checkpoints belong to a sub-manager of {@code y0}'s manager until then; the
 * pending pass releases them.
 *
 * <pre>{@code
 * SensitivitySolve solve = sensitivity.solve(solver, field, y0, saveAt);
 * NDArray outputs = solve.connect(solve.solution().outputs(), evaluations -> {});
 * OdeBackward.backward(collector, loss(outputs)); // the same call for every sensitivity
 * }</pre>
 */
public interface SensitivitySolve {

    /**
     * Returns the forward solution (on the tape only under {@link Direct} while recording).
     *
     * @return the solution
     */
    OdeSolution solution();

    /**
     * Connects outputs of {@link #solution()} to the caller's graph; call it once, with the array
     * the caller computes on.
     *
     * @param outputs {@code solution().outputs()} {@code (times, batch, state...)} or {@code
     *     solution().finalState()} {@code (batch, state...)}
     * @param onBackward receives the batched vector-field evaluations of the strategy's own
     *     backward pass once it has run; never called where the ordinary autograd backward does
     *     the work
     * @return the array to compute on: {@code outputs} itself, or a fresh leaf of its shape that
     *     requires a gradient
     * @throws IllegalStateException if this is an adjoint's solve whose outputs were connected
     *     before (it has one backward pass)
     */
    NDArray connect(NDArray outputs, LongConsumer onBackward);
}
