package io.github.neuralode.models.field;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A second-order neural ODE {@code x'' = f(x, x', t)} as the first-order system the solvers
 * integrate: the state is {@code z = (x, v)} stacked on axis 1 and the field returns {@code (v,
 * f(x, v, t))}. The acceleration network {@code f} sees the whole state (and the time, when the
 * {@code OdeBlock} appends it) and returns the {@code d} accelerations.
 *
 * <p>Shapes: the block receives {@code (batch, 2d, ...)}, or {@code (batch, 2d + 1, ...)} with
 * the time appended (a last feature or channel), and returns {@code (batch, 2d, ...)}; the
 * acceleration network maps the input it receives to {@code (batch, d, ...)}. A model reads the
 * position with {@code Truncation(d)} after the ODE, and starts from {@code v = 0} with {@code
 * ZeroPadding(d)} (or from a learned velocity) before it.
 */
public final class SecondOrderField extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int positions;
    private final Block acceleration;

    private SecondOrderField(Builder builder) {
        super(VERSION);
        this.positions = builder.positions;
        this.acceleration = addChildBlock("acceleration", builder.acceleration);
    }

    /**
     * Returns a builder.
     *
     * @return a builder without an acceleration network yet
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        NDArray velocity = z.get(new NDIndex(":, {}:{}", positions, 2 * positions));
        NDArray accel = acceleration.forward(parameterStore, new NDList(z), training).singletonOrThrow();
        return new NDList(velocity.concat(accel, 1));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        requireInput(inputShapes[0]);
        acceleration.initialize(manager, dataType, inputShapes[0]);
        Shape produced = acceleration.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        if (produced.dimension() < 2 || produced.get(1) != positions) {
            throw new IllegalArgumentException(
                    "the acceleration network returns " + produced + " for input "
                            + inputShapes[0] + ": it must return " + positions
                            + " accelerations on axis 1 (one per position)");
        }
    }

    private void requireInput(Shape input) {
        if (input.dimension() < 2
                || (input.get(1) != 2L * positions && input.get(1) != 2L * positions + 1)) {
            throw new IllegalArgumentException(
                    "SecondOrderField(" + positions + " positions) needs a state (batch, "
                            + 2 * positions + ", ...) of positions and velocities (plus one time"
                            + " feature or channel when time is appended), got " + input
                            + ": pad the input with ZeroPadding(" + positions
                            + ") to start from zero velocity");
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInput(inputShapes[0]);
        long[] dimensions = inputShapes[0].getShape().clone();
        dimensions[1] = 2L * positions;
        return new Shape[] {new Shape(dimensions)};
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(positions);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported SecondOrderField version " + loadVersion);
        }
        readInputShapes(is);
        int saved = is.readInt();
        if (saved != positions) {
            throw new MalformedModelException(
                    "the saved SecondOrderField has " + saved + " positions, this block "
                            + positions + ": build the model with the saved settings");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "SecondOrderField(" + positions + " positions, " + acceleration + ")";
    }

    /** Configures a {@link SecondOrderField}. */
    public static final class Builder {

        private int positions;
        private Block acceleration;

        private Builder() {}

        /**
         * Sets the number {@code d} of positions (the state has {@code 2d} entries on axis 1).
         *
         * @param positions at least 1
         * @return this builder
         */
        public Builder setPositions(int positions) {
            this.positions = positions;
            return this;
        }

        /**
         * Sets the acceleration network {@code f(x, v[, t])}.
         *
         * @param acceleration a block returning {@code (batch, d, ...)}
         * @return this builder
         */
        public Builder setAcceleration(Block acceleration) {
            this.acceleration = acceleration;
            return this;
        }

        /**
         * Builds the field.
         *
         * @return the block
         * @throws IllegalArgumentException if a setting is missing
         */
        public SecondOrderField build() {
            if (positions < 1) {
                throw new IllegalArgumentException(
                        "positions must be >= 1, got " + positions + ": call setPositions(d)");
            }
            if (acceleration == null) {
                throw new IllegalArgumentException(
                        "setAcceleration(...) is required: the network computing x''");
            }
            return new SecondOrderField(this);
        }
    }
}
