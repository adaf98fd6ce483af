package io.github.neuralode.solver.step;

/**
 * A snapshot of {@link MethodCounters}: the method's own work in one solve.
 *
 * @param jacobians batched Jacobian evaluations
 * @param factorizations batched factorisations of the linear systems {@code I - gamma h J}
 *     (each serves every stage of its step)
 * @param stiffSteps attempted steps taken by a stiff method
 * @param nonStiffSteps attempted steps taken by a non-stiff (explicit) method
 * @param switches changes of method made by an automatic switch
 */
public record MethodCounts(
        long jacobians, long factorizations, long stiffSteps, long nonStiffSteps, long switches) {

    /** Counts of a solve that did no method-specific work. */
    public static final MethodCounts NONE = new MethodCounts(0, 0, 0, 0, 0);
}
