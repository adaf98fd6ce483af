package io.github.neuralode.solver.step;

import io.github.neuralode.ode.VectorField;

/**
 * What a {@link Stepper} needs from the solve loop for one attempt: the vector field on flattened
 * {@code (batch, n)} states, the times of its stages, the combiner that owns the attempt's
 * coefficient arrays, and the counters the method reports its own work to.
 *
 * @param field the vector field (counts its evaluations)
 * @param times the time of a stage at fraction {@code c} of the step
 * @param combiner forms linear combinations of stacked stages; its manager owns the coefficients
 * @param counters receives the method's Jacobians, factorisations and stiff or non-stiff steps
 */
public record StepContext(
        VectorField field, StageTimes times, StageCombiner combiner, MethodCounters counters) {}
