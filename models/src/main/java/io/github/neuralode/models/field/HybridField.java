package io.github.neuralode.models.field;

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

import java.util.Arrays;

/**
 * A gray-box (universal differential equation) field: a known diagonal linear part plus a network,
 * {@code du_i/dt = c_i u_i + U_i(u)}. For Lotka-Volterra with known growth and decay rates, {@code
 * c = (alpha, -gamma)} and the network learns the interaction terms. The coefficients are
 * constants of the model (not trained); build the same field to load its parameters.
 *
 * <p>Input and output {@code (batch, n)}, the network {@code (batch, n) -> (batch, n)}. In a solve
 * it prepares its field once ({@link VectorFieldBlock}): the rates become one array per solve and
 * the network's own prepared field serves every evaluation (with {@code t} appended to the
 * network's input where the solve asks for it).
 */
public final class HybridField extends AbstractBlock implements VectorFieldBlock {

    private static final byte VERSION = 1;

    private final Block network;
    private final double[] coefficients;

    /**
     * Creates the field.
     *
     * @param coefficients the known rates {@code c}, one per state component, finite
     * @param network the unknown part {@code U}
     */
    public HybridField(double[] coefficients, Block network) {
        super(VERSION);
        if (coefficients == null || coefficients.length == 0 || network == null) {
            throw new IllegalArgumentException("coefficients (one per component) and network are required");
        }
        for (double c : coefficients) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException(
                        "coefficients must be finite, got " + Arrays.toString(coefficients));
            }
        }
        this.coefficients = coefficients.clone();
        this.network = addChildBlock("network", network);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray u = inputs.singletonOrThrow();
        NDArray learned = network.forward(parameterStore, inputs, training).singletonOrThrow();
        return new NDList(u.mul(rates(u)).add(learned));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two operations per evaluation besides the network: {@code y * c + U}.
     */
    @Override
    public VectorField prepareField(
            ParameterStore parameterStore, NDArray y0, boolean training, TimeInput timeInput) {
        VectorField learned =
                VectorFieldBlock.fieldOf(network, parameterStore, y0, training, timeInput);
        NDArray rates = rates(y0);
        return DecoratedField.of(
                learned, (t, y, value) -> y.mul(rates).add(value), Arrays.toString(coefficients) + " u plus");
    }

    /** The rates as an engine-owned {@code (n)} array in the state's manager, type and device. */
    private NDArray rates(NDArray like) {
        long n = like.getShape().get(like.getShape().dimension() - 1);
        if (n != coefficients.length) {
            throw new IllegalArgumentException(
                    "the state has " + n + " components but " + coefficients.length
                            + " coefficients were given: give one per component");
        }
        return OwnedArrays.copyOf(
                        like.getManager(), coefficients, new Shape(coefficients.length), like.getDataType())
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
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "HybridField(" + Arrays.toString(coefficients) + " u + " + network + ")";
    }
}
