package io.github.neuralode.models.field;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The convolutional vector field of the ANODE paper (Dupont et al. 2019, its {@code
 * ConvODEFunc}) for image states {@code (batch, S, H, W)}: a 1x1 convolution to {@code F}
 * filters, ReLU, a 3x3 convolution with padding 1 ({@code F} filters), ReLU, and a 1x1
 * convolution back to {@code S} channels, where every convolution also reads the time as one
 * constant extra input channel.
 *
 * <p>Use it in an {@code OdeBlock} with {@code TimeInput.APPEND}: the block then receives the state
 * with the time channel last, {@code (batch, S + 1, H, W)}, and returns {@code (batch, S, H, W)};
 * it re-appends that channel before the second and third convolutions. With {@code
 * optTimeChannel(false)} (an autonomous field, {@code TimeInput.NONE}) it receives {@code (batch,
 * S, H, W)}. Weights use DJL's default initialisation of {@link Conv2d} (Gaussian, standard
 * deviation {@code sqrt(2 / fan_in)}), biases zero.
 */
public final class ConvField extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int filters;
    private final boolean timeChannel;
    private final Conv2d first;
    private final Conv2d middle;
    private final Conv2d last;

    private ConvField(Builder builder) {
        super(VERSION);
        this.channels = builder.channels;
        this.filters = builder.filters;
        this.timeChannel = builder.timeChannel;
        this.first = addChildBlock("conv1", conv(1, filters, 0));
        this.middle = addChildBlock("conv2", conv(3, filters, 1));
        this.last = addChildBlock("conv3", conv(1, channels, 0));
    }

    private static Conv2d conv(int kernel, int filters, int padding) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optPadding(new Shape(padding, padding))
                .build();
    }

    /**
     * Returns a builder.
     *
     * @return a builder with a time channel and no channel or filter count yet
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
        NDArray x = inputs.singletonOrThrow();
        NDArray time = timeChannel ? x.get(new NDIndex(":, -1:")) : null;
        NDArray h = Activation.relu(apply(first, parameterStore, x, training));
        h = Activation.relu(apply(middle, parameterStore, withTime(h, time), training));
        return new NDList(apply(last, parameterStore, withTime(h, time), training));
    }

    private static NDArray apply(Conv2d conv, ParameterStore store, NDArray x, boolean training) {
        return conv.forward(store, new NDList(x), training).singletonOrThrow();
    }

    private static NDArray withTime(NDArray h, NDArray time) {
        return time == null ? h : h.concat(time, 1);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        requireInput(input);
        long batch = input.get(0);
        Shape hidden = new Shape(batch, filters + (timeChannel ? 1 : 0), input.get(2), input.get(3));
        first.initialize(manager, dataType, input);
        middle.initialize(manager, dataType, hidden);
        last.initialize(manager, dataType, hidden);
    }

    private void requireInput(Shape input) {
        long expected = channels + (timeChannel ? 1 : 0);
        if (input.dimension() != 4 || input.get(1) != expected) {
            throw new IllegalArgumentException(
                    "ConvField(channels=" + channels + (timeChannel ? ", time channel" : "")
                            + ") needs inputs (batch, " + expected + ", height, width), got "
                            + input
                            + (timeChannel
                                    ? ": give the OdeBlock optTimeInput(TimeInput.APPEND) and a"
                                            + " state of " + channels + " channels"
                                    : ": give it a state of " + channels + " channels"));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        requireInput(input);
        return new Shape[] {new Shape(input.get(0), channels, input.get(2), input.get(3))};
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
            throw new MalformedModelException("Unsupported ConvField version " + loadVersion);
        }
        readInputShapes(is);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "ConvField(channels=" + channels + ", filters=" + filters + (timeChannel ? ", time channel" : "") + ")";
    }

    /** Configures a {@link ConvField}. */
    public static final class Builder {

        private int channels;
        private int filters;
        private boolean timeChannel = true;

        private Builder() {}

        /**
         * Sets the channels {@code S} of the state, augmented ones included (the paper's ANODE on
         * MNIST: 1 + 5).
         *
         * @param channels at least 1
         * @return this builder
         */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets the number of filters {@code F} of the two hidden convolutions (the paper: 92 for
         * NODE, 64 for ANODE on MNIST).
         *
         * @param filters at least 1
         * @return this builder
         */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Sets whether the input ends with a time channel (default {@code true}: the block is
         * used with {@code TimeInput.APPEND}).
         *
         * @param timeChannel whether the last input channel is the time
         * @return this builder
         */
        public Builder optTimeChannel(boolean timeChannel) {
            this.timeChannel = timeChannel;
            return this;
        }

        /**
         * Builds the field.
         *
         * @return the block
         * @throws IllegalArgumentException if the channel or filter count is below 1
         */
        public ConvField build() {
            if (channels < 1) {
                throw new IllegalArgumentException(
                        "channels must be >= 1, got " + channels
                                + ": call setChannels(stateChannels), augmented ones included");
            }
            if (filters < 1) {
                throw new IllegalArgumentException(
                        "filters must be >= 1, got " + filters + ": call setFilters(64)");
            }
            return new ConvField(this);
        }
    }
}
