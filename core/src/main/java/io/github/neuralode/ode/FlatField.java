package io.github.neuralode.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A vector field of states shaped {@code (batch, state...)} seen on flattened states {@code
 * (batch, n)}, the layout the solvers and adjoints work in: the state is reshaped back around each
 * evaluation when it has more than two axes. The first result is checked for the state's shape and
 * data type, with a message that says how to fix the field.
 */
public final class FlatField implements VectorField {

    private final VectorField field;
    private final Shape stateShape;
    private final Shape flatShape;
    private boolean checked;

    private FlatField(VectorField field, Shape stateShape) {
        this.field = field;
        this.stateShape = stateShape;
        this.flatShape = new Shape(stateShape.get(0), stateShape.size() / stateShape.get(0));
    }

    /**
     * Wraps a field for flattened states.
     *
     * @param field the user's field over {@code (batch, state...)}
     * @param stateShape the shape of the state, batch first
     * @return the field over {@code (batch, n)}, {@code n} the product of the state axes
     */
    public static FlatField of(VectorField field, Shape stateShape) {
        return new FlatField(field, stateShape);
    }

    /**
     * Returns the flattened shape.
     *
     * @return {@code (batch, n)}
     */
    public Shape flatShape() {
        return flatShape;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the field's first result does not have the state's shape
     *     and data type
     */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        boolean reshape = stateShape.dimension() > 2;
        NDArray result = field.evaluate(t, reshape ? y.reshape(stateShape) : y);
        if (!checked) {
            check(result, y);
            checked = true;
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
}
