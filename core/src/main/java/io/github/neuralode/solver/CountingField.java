package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.VectorField;

/**
 * Wraps the user's vector field for the solve loop: evaluates it on flattened states {@code
 * (batch, n)} (reshaping to {@code (batch, state...)} around the call when the state has more
 * axes), counts evaluations per sample while the sample runs, and checks the first result's shape
 * and data type.
 */
final class CountingField implements VectorField {

    private final VectorField field;
    private final Shape stateShape;
    private final Shape flatShape;
    private final StepClocks clocks;
    private final long[] sampleEvaluations;
    private long evaluations;

    CountingField(VectorField field, Shape stateShape, StepClocks clocks) {
        this.field = field;
        this.stateShape = stateShape;
        this.flatShape = new Shape(stateShape.get(0), stateShape.size() / stateShape.get(0));
        this.clocks = clocks;
        this.sampleEvaluations = new long[(int) stateShape.get(0)];
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        boolean reshape = stateShape.dimension() > 2;
        NDArray result = field.evaluate(t, reshape ? y.reshape(stateShape) : y);
        if (evaluations == 0) {
            check(result, y);
        }
        evaluations++;
        for (int b = 0; b < sampleEvaluations.length; b++) {
            if (!clocks.done[clocks.groupOf(b)]) {
                sampleEvaluations[b]++;
            }
        }
        return reshape ? result.reshape(flatShape) : result;
    }

    private void check(NDArray result, NDArray y) {
        if (!result.getShape().equals(stateShape) || result.getDataType() != y.getDataType()) {
            throw new IllegalArgumentException(
                    "the vector field returned shape "
                            + result.getShape()
                            + " and type "
                            + result.getDataType()
                            + " for a state of shape "
                            + stateShape
                            + " and type "
                            + y.getDataType()
                            + ": dy/dt must have the shape and data type of y (check the output"
                            + " width of the network and the dtype of its parameters)");
        }
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
