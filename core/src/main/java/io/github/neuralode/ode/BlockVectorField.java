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
 * <p>Shapes: the block receives {@code (batch, n)} (or {@code (batch, n + 1)} with time appended;
 * time appending needs a rank-2 state) and must return {@code (batch, n)}. Parameters are read
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
     * @param stateShape {@code (batch, n)}
     * @param timeInput whether time is appended
     * @return {@code (batch, n)} or {@code (batch, n + 1)}
     */
    public static Shape networkInputShape(Shape stateShape, TimeInput timeInput) {
        if (timeInput == TimeInput.NONE) {
            return stateShape;
        }
        requireRank2(stateShape);
        return new Shape(stateShape.get(0), stateShape.get(1) + 1);
    }

    /**
     * Appends the time as the last feature of a state.
     *
     * @param t shape {@code ()} (one time for the batch) or {@code (batch, 1)}
     * @param y the state {@code (batch, n)}
     * @return {@code (batch, n + 1)}
     * @throws IllegalArgumentException if {@code y} is not of rank 2
     */
    public static NDArray withTime(NDArray t, NDArray y) {
        requireRank2(y.getShape());
        long batch = y.getShape().get(0);
        NDArray column = t.getShape().dimension() == 0 ? t.broadcast(batch, 1) : t;
        return y.concat(column, 1);
    }

    private static void requireRank2(Shape stateShape) {
        if (stateShape.dimension() != 2) {
            throw new IllegalArgumentException(
                    "TimeInput.APPEND needs a state of shape (batch, n), got "
                            + stateShape
                            + ": flatten the state or feed time inside your own VectorField");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "of block " + block.getClass().getSimpleName();
    }
}
