package io.github.neuralode.ode;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * A vector field computed from another field's value at the same point, {@code g(t, y) = d(t, y,
 * f(t, y))}: a scaling, a known linear part added to a network, a coupling to data. It keeps the
 * inner field's parameters (so adjoints find them) and its time dependence, or is time dependent
 * itself when the decoration reads {@code t}. Shapes are those of {@link VectorField}.
 */
public final class DecoratedField implements VectorField {

    /** What is done with the inner field's value. */
    @FunctionalInterface
    public interface Decoration {

        /**
         * Computes the decorated value.
         *
         * @param t the time, {@code ()} or {@code (batch, 1)}
         * @param y the state {@code (batch, state...)}
         * @param inner the inner field's value at {@code (t, y)}, shaped like {@code y}
         * @return the decorated value, shaped like {@code y}
         */
        NDArray apply(NDArray t, NDArray y, NDArray inner);
    }

    private final VectorField inner;
    private final Decoration decoration;
    private final boolean readsTime;
    private final String description;

    private DecoratedField(
            VectorField inner, Decoration decoration, boolean readsTime, String description) {
        this.inner = inner;
        this.decoration = decoration;
        this.readsTime = readsTime;
        this.description = description;
    }

    /**
     * Decorates a field with a function that does not read the time.
     *
     * @param inner the field whose value is decorated
     * @param decoration the function of the state and the inner value ({@code t} is passed but
     *     must not be read)
     * @param description what the decoration does, for {@code toString} (the inner field's own
     *     description is appended)
     * @return the decorated field, time dependent exactly when {@code inner} is
     */
    public static VectorField of(VectorField inner, Decoration decoration, String description) {
        return new DecoratedField(inner, decoration, false, description);
    }

    /**
     * Decorates a field with a function that reads the time.
     *
     * @param inner the field whose value is decorated
     * @param decoration the function of the time, the state and the inner value
     * @param description what the decoration does, for {@code toString}
     * @return the decorated field, time dependent
     */
    public static VectorField ofTimeDependent(
            VectorField inner, Decoration decoration, String description) {
        return new DecoratedField(inner, decoration, true, description);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        return decoration.apply(t, y, inner.evaluate(t, y));
    }

    /** {@inheritDoc} */
    @Override
    public boolean isTimeDependent() {
        return readsTime || inner.isTimeDependent();
    }

    /** {@inheritDoc} */
    @Override
    public List<NDArray> parameters(Device device) {
        return inner.parameters(device);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return description + " of " + inner;
    }
}
