package io.github.neuralode.models.homotopy;

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

/**
 * The coupled (synchronised) dynamics of homotopy training (Ko et al., NeurIPS 2023): {@code du/dt
 * = U(u) - lambda k (u - uHat(t))}, a model field {@code U} pulled towards the data path {@code
 * uHat}, a {@link SmoothingSpline} through the measurements, with strength {@code lambda k}; {@code
 * k} is fixed, {@code lambda} is changed between epochs ({@link #setLambda}) by a {@link
 * HomotopySchedule} without rebuilding the model. At {@code lambda = 0} this is the model alone.
 *
 * <p>The coupling reads the time, so the block runs inside an {@code OdeBlock} with {@code
 * TimeInput.APPEND}: its input is {@code (batch, n + 1)}, the state then the time column (how
 * adjoint sensitivities call block fields), its output {@code (batch, n)}; the network {@code U}
 * sees the state alone, {@code (batch, n) -> (batch, n)}. Inside an {@code OdeBlock} with direct
 * gradients the block prepares its field once per solve ({@link #prepareField}): the network's own
 * prepared field plus the coupling, with the spline's coefficients and {@code lambda k} as
 * engine-owned arrays ({@link OwnedArrays}) on the solve's device. The time units are the
 * spline's knots'.
 */
public final class CoupledDynamics extends AbstractBlock implements VectorFieldBlock {

    private static final byte VERSION = 1;

    private final Block network;
    private final SmoothingSpline path;
    private final double strength;
    private volatile double lambda;

    /**
     * Creates the coupled field with {@code lambda = 1}.
     *
     * @param network the model field {@code U}, {@code (batch, n) -> (batch, n)}
     * @param path the data path {@code uHat}, a spline of {@code n} components
     * @param strength the coupling constant {@code k > 0} (per time unit)
     */
    public CoupledDynamics(Block network, SmoothingSpline path, double strength) {
        super(VERSION);
        if (network == null || path == null) {
            throw new IllegalArgumentException("network and path are required");
        }
        if (!(strength > 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException(
                    "strength k must be positive and finite, got " + strength);
        }
        this.network = addChildBlock("network", network);
        this.path = path;
        this.strength = strength;
        this.lambda = 1.0;
    }

    /**
     * Sets the coupling's weight for the following solves.
     *
     * @param value {@code lambda} in {@code [0, 1]}
     */
    public void setLambda(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("lambda must lie in [0, 1], got " + value);
        }
        this.lambda = value;
    }

    /**
     * Returns the coupling's current weight.
     *
     * @return {@code lambda}
     */
    public double getLambda() {
        return lambda;
    }

    /**
     * Returns the model field.
     *
     * @return {@code U}
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
        NDArray input = inputs.singletonOrThrow();
        long n = input.getShape().get(1) - 1;
        if (n != path.dimension()) {
            throw new IllegalArgumentException(
                    "the input must be (batch, n + 1), the state then the time (TimeInput.APPEND),"
                            + " with n = "
                            + path.dimension()
                            + " components; got "
                            + input.getShape());
        }
        NDArray u = input.get(":, 0:" + n);
        NDArray t = input.get(":, " + n + ":");
        NDArray model = network.forward(parameterStore, new NDList(u), training).singletonOrThrow();
        double weight = lambda * strength;
        if (weight == 0) {
            return new NDList(model);
        }
        NDManager manager = input.getManager();
        SplineArrays arrays = path.toArrays(manager, input.getDataType());
        NDArray weightArray = OwnedArrays.scalar(manager, weight, input.getDataType());
        return new NDList(model.sub(u.sub(arrays.evaluate(t)).mul(weightArray)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The network's prepared field (without time) plus the coupling, with the spline's arrays
     * and the weight {@code lambda k} fixed for the solve.
     */
    @Override
    public VectorField prepareField(
            ParameterStore parameterStore, NDArray y0, boolean training, TimeInput timeInput) {
        VectorField model =
                VectorFieldBlock.fieldOf(network, parameterStore, y0, training, TimeInput.NONE);
        double weight = lambda * strength;
        if (weight == 0) {
            return model;
        }
        SplineArrays arrays = path.toArrays(y0.getManager(), y0.getDataType());
        NDArray weightArray = OwnedArrays.scalar(y0.getManager(), weight, y0.getDataType());
        return DecoratedField.ofTimeDependent(
                model,
                (t, y, value) -> value.sub(y.sub(pathAt(arrays, t)).mul(weightArray)),
                "coupled to the data with lambda k = " + weight + ",");
    }

    /**
     * The data path at a solver's time: a constant unless the time is a leaf that requires a
     * gradient (an autograd Jacobian's time). The solver's stage times are never results of
     * recorded operations, the one case DJL's {@code hasGradient} (leaves only) would miss.
     */
    private static NDArray pathAt(SplineArrays arrays, NDArray t) {
        return t.hasGradient() ? arrays.evaluate(t) : arrays.evaluateConstant(t);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        network.initialize(manager, dataType, new Shape(input.get(0), input.get(1) - 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), input.get(1) - 1)};
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "CoupledDynamics(" + network + " - lambda " + strength + " (u - uHat(t)))";
    }
}
