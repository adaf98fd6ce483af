package io.github.neuralode.ode;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A {@link Block} that prepares its own {@link VectorField} for one solve instead of being called
 * through {@link Block#forward} at every evaluation: parameters read once, weights rearranged
 * once, fewer operations per evaluation. The prepared field must compute the same function as the
 * block's forward pass and record the operations that lead back to the parameters whenever
 * autograd records, so gradients are those of the block. Prepare the field inside the recording
 * scope of the solve it serves (as {@code OdeBlock}'s forward pass does): weights prepared while
 * recording is paused are constants to autograd.
 *
 * <p>Use {@link #fieldOf} to get the fastest field of any block.
 */
public interface VectorFieldBlock {

    /**
     * Prepares the field for one solve starting from {@code y0}.
     *
     * @param parameterStore the store through which the parameters are read
     * @param y0 the initial state {@code (batch, n)}: gives the device, and its manager owns any
     *     array the preparation creates
     * @param training whether the block runs in training mode
     * @param timeInput whether {@code t} is appended to the network input
     * @return the field, valid while {@code y0}'s manager is open
     */
    VectorField prepareField(
            ParameterStore parameterStore, NDArray y0, boolean training, TimeInput timeInput);

    /**
     * Returns the prepared field of a {@link VectorFieldBlock}, or a {@link BlockVectorField}
     * that calls {@code block.forward} per evaluation for any other block.
     *
     * @param block the network computing {@code dy/dt}; must be initialized
     * @param parameterStore the store through which the parameters are read
     * @param y0 the initial state of the solve
     * @param training whether the block runs in training mode
     * @param timeInput whether {@code t} is appended to the network input
     * @return the vector field for one solve from {@code y0}
     */
    static VectorField fieldOf(
            Block block,
            ParameterStore parameterStore,
            NDArray y0,
            boolean training,
            TimeInput timeInput) {
        if (block instanceof VectorFieldBlock prepared) {
            return prepared.prepareField(parameterStore, y0, training, timeInput);
        }
        return new BlockVectorField(block, parameterStore, training, timeInput);
    }
}
