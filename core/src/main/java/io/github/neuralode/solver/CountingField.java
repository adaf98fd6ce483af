package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.FlatField;
import io.github.neuralode.ode.VectorField;

/**
 * Wraps the user's vector field for the solve loop: evaluates it on flattened states {@code
 * (batch, n)} through a {@link FlatField} (which also checks the first result) and counts
 * evaluations per sample while the sample runs.
 */
final class CountingField implements VectorField {

    private final FlatField field;
    private final StepClocks clocks;
    private final long[] sampleEvaluations;
    private long evaluations;

    CountingField(VectorField field, Shape stateShape, StepClocks clocks) {
        this.field = FlatField.of(field, stateShape);
        this.clocks = clocks;
        this.sampleEvaluations = new long[(int) stateShape.get(0)];
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        NDArray result = field.evaluate(t, y);
        evaluations++;
        for (int b = 0; b < sampleEvaluations.length; b++) {
            if (!clocks.done[clocks.groupOf(b)]) {
                sampleEvaluations[b]++;
            }
        }
        return result;
    }

    /** {@inheritDoc} */
    @Override
    public boolean isTimeDependent() {
        return field.isTimeDependent();
    }

    long evaluations() {
        return evaluations;
    }

    long[] sampleEvaluations() {
        return sampleEvaluations.clone();
    }
}
