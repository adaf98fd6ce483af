package io.github.neuralode.solver;

import io.github.neuralode.solver.step.MethodCounts;

/**
 * Counters of one solve.
 *
 * @param functionEvaluations batched evaluations of the vector field in the forward solve
 *     (including the initial-step probe)
 * @param sampleEvaluations per sample: evaluations while that sample was still running (in
 *     {@code SHARED} mode equal for all samples)
 * @param acceptedSteps accepted steps (the largest over step groups)
 * @param rejectedSteps rejected steps (summed over step groups)
 * @param backwardEvaluations vector-field evaluations spent by an adjoint backward pass (0 until
 *     one runs, and always 0 for autograd through the solver)
 * @param method the method's own work: Jacobians, factorisations, stiff and non-stiff steps,
 *     switches
 * @param wallNanos wall-clock time of the forward solve in nanoseconds
 */
public record SolveStats(
        long functionEvaluations,
        long[] sampleEvaluations,
        long acceptedSteps,
        long rejectedSteps,
        long backwardEvaluations,
        MethodCounts method,
        long wallNanos) {

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.format(
                "nfe=%d accepted=%d rejected=%d backwardNfe=%d jacobians=%d factorizations=%d"
                        + " stiffSteps=%d nonStiffSteps=%d switches=%d wall=%.2f ms",
                functionEvaluations,
                acceptedSteps,
                rejectedSteps,
                backwardEvaluations,
                method.jacobians(),
                method.factorizations(),
                method.stiffSteps(),
                method.nonStiffSteps(),
                method.switches(),
                wallNanos / 1e6);
    }
}
