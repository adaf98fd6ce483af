package io.github.neuralode.ode;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts a DJL {@link Block} (for example an MLP) into a {@link VectorField}: {@code dy/dt =
 * block(y)} or, with {@link TimeInput#APPEND}, {@code dy/dt = block([y, t])}.
 *
 * <p>Shapes: the block receives the state {@code (batch, n)} or {@code (batch, channels,
 * spatial...)} and must return the same shape; with time appended it receives one more feature
 * {@code (batch, n + 1)} or one more channel filled with {@code t}, {@code (batch, channels + 1,
 * spatial...)} (see {@link #withTime}). Parameters are read
 * through the given {@link ParameterStore}, so gradients reach them exactly as in any DJL
 * forward pass; {@link #parameters} returns the store's arrays of the block's parameters that
 * require gradients.
 */
public final class BlockVectorField implements VectorField {

    private final Block block;
    private final ParameterStore parameterStore;
    private final boolean training;
    private final TimeInput timeInput;

    /**
     * Creates the adapter.
     *
     * @param block the network computing {@code dy/dt}; must be initialized
     * @param parameterStore the store through which the block reads its parameters
     * @param training whether the block runs in training mode (dropout, batch norm)
     * @param timeInput whether {@code t} is appended to the network input
     */
    public BlockVectorField(
            Block block, ParameterStore parameterStore, boolean training, TimeInput timeInput) {
        this.block = block;
        this.parameterStore = parameterStore;
        this.training = training;
        this.timeInput = timeInput;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        NDArray input = timeInput == TimeInput.APPEND ? withTime(t, y) : y;
        NDList output = block.forward(parameterStore, new NDList(input), training);
        return output.singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    public boolean isTimeDependent() {
        return timeInput == TimeInput.APPEND;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The arrays the parameter store gives the block on {@code device} for its parameters that
     * require gradients, in the block's parameter order.
     */
    @Override
    public List<NDArray> parameters(Device device) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                arrays.add(parameterStore.getValue(pair.getValue(), device, training));
            }
        }
        return arrays;
    }

    /**
     * Returns the shape of the network input for a state of the given shape.
     *
     * @param stateShape {@code (batch, n)} or {@code (batch, channels, spatial...)}
     * @param timeInput whether time is appended
     * @return the state shape, or with time one more feature {@code (batch, n + 1)} or channel
     *     {@code (batch, channels + 1, spatial...)}
     */
    public static Shape networkInputShape(Shape stateShape, TimeInput timeInput) {
        if (timeInput == TimeInput.NONE) {
            return stateShape;
        }
        requireBatched(stateShape);
        long[] dimensions = stateShape.getShape().clone();
        dimensions[1] += 1;
        return new Shape(dimensions);
    }

    /**
     * Appends the time to a state: as the last feature of a vector state, as a last channel filled
     * with {@code t} for a state with spatial axes (the ANODE paper's convolutional fields).
     *
     * @param t shape {@code ()} (one time for the batch) or {@code (batch, 1)} (a time per sample)
     * @param y the state {@code (batch, n)} or {@code (batch, channels, spatial...)}
     * @return {@code (batch, n + 1)} or {@code (batch, channels + 1, spatial...)}
     * @throws IllegalArgumentException if {@code y} has fewer than two axes
     */
    public static NDArray withTime(NDArray t, NDArray y) {
        Shape shape = y.getShape();
        requireBatched(shape);
        long[] channel = shape.getShape().clone();
        channel[1] = 1;
        Shape column = new Shape(channel);
        NDArray time = t.getShape().dimension() == 0 ? t : t.reshape(columnShape(shape));
        return y.concat(time.broadcast(column), 1);
    }

    /** {@code (batch, 1, 1, ...)}: a per-sample time shaped to broadcast over one channel. */
    private static Shape columnShape(Shape stateShape) {
        long[] dimensions = new long[stateShape.dimension()];
        java.util.Arrays.fill(dimensions, 1);
        dimensions[0] = stateShape.get(0);
        return new Shape(dimensions);
    }

    private static void requireBatched(Shape stateShape) {
        if (stateShape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "TimeInput.APPEND needs a state of shape (batch, n) or (batch, channels,"
                            + " spatial...), got "
                            + stateShape
                            + ": add a batch axis to the state");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "of block " + block.getClass().getSimpleName();
    }
}
