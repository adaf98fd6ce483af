package io.github.neuralode.models.stiff;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.github.neuralode.engine.OwnedArrays;
import io.github.neuralode.ode.DecoratedField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Equation scaling for stiff neural ODEs (Kim et al. 2021, eq. 13): the vector field {@code dy/dt
 * = NN(y) * yScale / tScale}, so that a network with outputs of order one describes species whose
 * concentrations span many orders of magnitude over a long time span.
 *
 * <p>{@code yScale} holds one positive scale per state component (in the state's units, e.g. the
 * largest concentration of each species), {@code tScale} is the time span {@code t1 - t0} (in the
 * solver's time units). The network sees the raw state, as in the authors' code. Shapes: input
 * {@code (batch, n)}, output {@code (batch, n)}.
 *
 * <p>Inside an {@code OdeBlock} the block prepares its field once per solve: the network's own
 * prepared field (see {@link VectorFieldBlock#fieldOf}) times a constant array of the factors,
 * so a scaled {@code Mlp} keeps the MLP's fast path. The scales are part of the architecture:
 * they are written with the parameters, and loading parameters saved with other scales fails
 * with both sets in the message.
 */
public final class ScaledDynamics extends AbstractBlock implements VectorFieldBlock {

    private static final byte VERSION = 1;

    private final Block network;
    private final double[] stateScale;
    private final double timeScale;
    private final double[] factors;

    private ScaledDynamics(Builder builder) {
        super(VERSION);
        this.network = addChildBlock("network", builder.network);
        this.stateScale = builder.stateScale.clone();
        this.timeScale = builder.timeScale;
        this.factors = new double[stateScale.length];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = stateScale[i] / timeScale;
        }
    }

    /**
     * Returns a builder.
     *
     * @return a builder; network, state scale and time scale are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the scale of every state component.
     *
     * @return a copy of {@code yScale}
     */
    public double[] getStateScale() {
        return stateScale.clone();
    }

    /**
     * Returns the time scale.
     *
     * @return {@code tScale}
     */
    public double getTimeScale() {
        return timeScale;
    }

    /**
     * Returns the network whose output is scaled.
     *
     * @return the child block
     */
    public Block getNetwork() {
        return network;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray y = inputs.singletonOrThrow();
        NDArray raw = network.forward(parameterStore, inputs, training).singletonOrThrow();
        return new NDList(raw.mul(factorArray(y.getManager(), y.getDataType(), y)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The network's prepared field times the factors, created once on {@code y0}'s manager.
     */
    @Override
    public VectorField prepareField(
            ParameterStore parameterStore, NDArray y0, boolean training, TimeInput timeInput) {
        VectorField inner =
                VectorFieldBlock.fieldOf(network, parameterStore, y0, training, timeInput);
        NDArray factor = factorArray(y0.getManager(), y0.getDataType(), y0);
        return DecoratedField.of(inner, (t, y, value) -> value.mul(factor), "scaled");
    }

    private NDArray factorArray(NDManager manager, DataType dataType, NDArray like) {
        if (like.getShape().get(like.getShape().dimension() - 1) != factors.length) {
            throw new IllegalArgumentException(
                    "the state has "
                            + like.getShape().get(like.getShape().dimension() - 1)
                            + " components but the state scale has "
                            + factors.length
                            + ": give one scale per component");
        }
        return OwnedArrays.copyOf(manager, factors, new Shape(factors.length), dataType)
                .toDevice(like.getDevice(), false);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(stateScale.length);
        for (double scale : stateScale) {
            os.writeDouble(scale);
        }
        os.writeDouble(timeScale);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "Unsupported ScaledDynamics encoding version "
                            + loadVersion
                            + " (expected "
                            + VERSION
                            + ")");
        }
        readInputShapes(is);
        double[] savedState = new double[is.readInt()];
        for (int i = 0; i < savedState.length; i++) {
            savedState[i] = is.readDouble();
        }
        double savedTime = is.readDouble();
        if (!Arrays.equals(savedState, stateScale) || savedTime != timeScale) {
            throw new MalformedModelException(
                    "the parameters were saved with state scale "
                            + Arrays.toString(savedState)
                            + " and time scale "
                            + savedTime
                            + ", but this block was built with "
                            + Arrays.toString(stateScale)
                            + " and "
                            + timeScale
                            + ": build it with the saved scales");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "ScaledDynamics(" + network + " * yScale / " + timeScale + ")";
    }

    /** Builds a {@link ScaledDynamics}. */
    public static final class Builder {

        private Block network;
        private double[] stateScale;
        private double timeScale = Double.NaN;

        private Builder() {}

        /**
         * Sets the network {@code NN(y)}.
         *
         * @param network a block from {@code (batch, n)} to {@code (batch, n)}
         * @return this builder
         */
        public Builder setNetwork(Block network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the scale of every state component.
         *
         * @param scale {@code n} positive finite values, in the state's units
         * @return this builder
         */
        public Builder setStateScale(double... scale) {
            this.stateScale = scale == null ? null : scale.clone();
            return this;
        }

        /**
         * Sets the time scale, usually the span {@code t1 - t0} of the data.
         *
         * @param scale a positive finite time
         * @return this builder
         */
        public Builder setTimeScale(double scale) {
            this.timeScale = scale;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming a missing or invalid setting
         */
        public ScaledDynamics build() {
            if (network == null) {
                throw new IllegalArgumentException("setNetwork is required");
            }
            if (stateScale == null || stateScale.length == 0) {
                throw new IllegalArgumentException(
                        "setStateScale needs one scale per state component");
            }
            for (int i = 0; i < stateScale.length; i++) {
                if (!(stateScale[i] > 0) || Double.isInfinite(stateScale[i])) {
                    throw new IllegalArgumentException(
                            "stateScale["
                                    + i
                                    + "] must be positive and finite, got "
                                    + stateScale[i]
                                    + " (a species that never changes needs a scale of its own,"
                                    + " e.g. 1)");
                }
            }
            if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
                throw new IllegalArgumentException(
                        "setTimeScale needs a positive finite time span, got " + timeScale);
            }
            return new ScaledDynamics(this);
        }
    }
}
