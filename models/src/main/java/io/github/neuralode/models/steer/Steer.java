package io.github.neuralode.models.steer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.github.neuralode.block.OdeBlock;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * STEER temporal regularisation (Ghosh, Behl, Dupont, Torr and Namboodiri, "STEER: Simple
 * Temporal Regularization For Neural ODEs", NeurIPS 2020) around an {@link OdeBlock} integrating
 * {@code [t0, T]}: every training forward pass (one per batch) integrates to an end time drawn
 * from {@code U(T - b, T + b)}; evaluation passes integrate to {@code T}. The draws come from a
 * seeded generator, so a run is repeatable.
 *
 * <p>Shapes are those of the wrapped block (which must return its final state).
 */
public final class Steer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final OdeBlock ode;
    private final double halfWidth;
    private final double start;
    private final double end;
    private final Random random;

    private Steer(Builder builder) {
        super(VERSION);
        this.ode = addChildBlock("ode", builder.ode);
        this.halfWidth = builder.halfWidth;
        double[] times = builder.ode.getTimes();
        this.start = times[0];
        this.end = times[times.length - 1];
        this.random = new Random(builder.seed);
    }

    /**
     * Returns a builder.
     *
     * @return a builder without a block yet
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
        NDArray y0 = inputs.singletonOrThrow();
        if (!training || halfWidth == 0) {
            return ode.forward(parameterStore, new NDList(y0), training);
        }
        NDArray times = y0.getManager().create(new double[] {start, drawEnd()});
        return ode.forward(parameterStore, new NDList(y0, times), training);
    }

    /**
     * Draws an end time from {@code U(T - b, T + b)}.
     *
     * @return the end time of one training pass
     */
    synchronized double drawEnd() {
        return end + halfWidth * (2 * random.nextDouble() - 1);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        ode.initialize(manager, dataType, inputShapes[0]);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return ode.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported Steer version " + loadVersion);
        }
        readInputShapes(is);
    }

    /**
     * Returns the wrapped ODE block.
     *
     * @return the block whose end time is drawn
     */
    public OdeBlock getOdeBlock() {
        return ode;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Steer(b=" + halfWidth + ", " + ode + ")";
    }

    /** Configures a {@link Steer} block. */
    public static final class Builder {

        private OdeBlock ode;
        private double halfWidth = Double.NaN;
        private long seed = 0;

        private Builder() {}

        /**
         * Sets the ODE block; its configured times give {@code t0} and {@code T}, and it must
         * return its final state.
         *
         * @param ode the block
         * @return this builder
         */
        public Builder setOdeBlock(OdeBlock ode) {
            this.ode = ode;
            return this;
        }

        /**
         * Sets the half-width {@code b} of the end-time interval (the ANODE report: 0.2, 0.3,
         * 0.6 with {@code T = 1}).
         *
         * @param halfWidth at least 0 and below {@code |T - t0|}
         * @return this builder
         */
        public Builder setHalfWidth(double halfWidth) {
            this.halfWidth = halfWidth;
            return this;
        }

        /**
         * Sets the seed of the end-time draws (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if the block is missing or {@code b} out of range
         */
        public Steer build() {
            if (ode == null) {
                throw new IllegalArgumentException("setOdeBlock(...) is required");
            }
            double[] times = ode.getTimes();
            double span = Math.abs(times[times.length - 1] - times[0]);
            if (!(halfWidth >= 0 && halfWidth < span)) {
                throw new IllegalArgumentException(
                        "halfWidth must be in [0, |T - t0|) = [0, " + span + "), got " + halfWidth
                                + ": the drawn end time must stay past the start");
            }
            return new Steer(this);
        }
    }
}
