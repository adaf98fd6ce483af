package io.github.neuralode.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A vector field of states shaped {@code (batch, state...)} seen on flattened states {@code
 * (batch, n)}, the layout the solvers and adjoints work in: the state is reshaped back around each
 * evaluation when it has more than two axes. Every result is checked (Java-side only: no host
 * read of the data) for null, the state's shape and its data type, with a message that names the
 * field, the evaluation and how to fix it.
 */
public final class FlatField implements VectorField {

    private final VectorField field;
    private final Shape stateShape;
    private final Shape flatShape;
    private long evaluations;

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
     * @throws IllegalArgumentException if the field returns null, or a result whose shape or
     *     data type differs from the state's
     */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        // Rows may exceed the batch: Jacobian methods evaluate replicated or perturbed states.
        long rows = y.getShape().get(0);
        Shape shape = rowsOf(stateShape, rows);
        boolean reshape = stateShape.dimension() > 2;
        NDArray result = field.evaluate(t, reshape ? y.reshape(shape) : y);
        evaluations++;
        check(result, y, shape);
        return reshape ? result.reshape(rowsOf(flatShape, rows)) : result;
    }

    private static Shape rowsOf(Shape shape, long rows) {
        return rows == shape.get(0) ? shape : new Shape(rows).addAll(shape.slice(1));
    }

    private void check(NDArray result, NDArray y, Shape expected) {
        if (result == null) {
            throw new IllegalArgumentException(
                    "the vector field returned null at evaluation "
                            + evaluations
                            + " (field: "
                            + describe(field)
                            + "): it must return dy/dt as an NDArray shaped like y");
        }
        if (!result.getShape().equals(expected) || result.getDataType() != y.getDataType()) {
            throw new IllegalArgumentException(
                    "the vector field returned shape "
                            + result.getShape()
                            + " and type "
                            + result.getDataType()
                            + " at evaluation "
                            + evaluations
                            + " (field: "
                            + describe(field)
                            + ") for a state of shape "
                            + expected
                            + " and type "
                            + y.getDataType()
                            + ": dy/dt must have the shape and data type of y at every evaluation"
                            + " (check the output width of the network, the dtype of its"
                            + " parameters, and shapes that depend on the call)");
        }
    }

    /**
     * Names a vector field for error messages: its own {@code toString()} if it has one, else its
     * class, or for a lambda or anonymous class the class that defines it (their own names are
     * generated ones).
     *
     * @param field the field
     * @return a short description
     */
    public static String describe(Object field) {
        Class<?> type = field.getClass();
        try {
            if (type.getMethod("toString").getDeclaringClass() != Object.class) {
                return field.toString();
            }
        } catch (NoSuchMethodException impossible) {
            throw new IllegalStateException(impossible);
        }
        String name = type.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            return "(a lambda in " + simpleName(name.substring(0, lambda)) + ")";
        }
        if (type.isAnonymousClass()) {
            return "(an anonymous class in " + simpleName(type.getEnclosingClass().getName()) + ")";
        }
        return type.getSimpleName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isTimeDependent() {
        return field.isTimeDependent();
    }
}
