package io.github.neuralode.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-layer perceptron for vector fields: {@code Linear -> activation -> ... -> Linear} with
 * an identity output layer (or an output activation, {@link Builder#optOutputActivation}), Glorot (Xavier-uniform, bound {@code sqrt(6 / (fan_in + fan_out))})
 * weights and zero biases, as in PyTorch reference setups, or PyTorch's own {@code nn.Linear}
 * default ({@link Builder#optTorchLinearInit}). (DJL's own default for {@code Linear}
 * is a Gaussian with standard deviation {@code sqrt(2 / fan_in)}, which makes random tanh fields
 * faster and stiffer.)
 *
 * <p>Shapes: input {@code (batch, in)} (inferred at initialisation), output {@code (batch,
 * outputs)}. The layers are DJL {@link Linear} children, so parameters are initialised, trained
 * and saved through {@code Model} like any other block's.
 *
 * <p>Inside an {@link OdeBlock} with direct sensitivity the solver does not call {@link #forward}
 * per evaluation: the MLP hands it a {@link VectorField} ({@link #prepareField}) that reads the
 * parameters once per solve and rearranges them for speed (same function, same gradients up to
 * rounding): tanh evaluated as {@code 2 sigmoid(2x) - 1} with the factors folded into the weights,
 * and widening layers stored in the layout whose backward pass MKL runs fastest. See {@code
 * MlpField} for the measurements behind both.
 */
public final class Mlp extends AbstractBlock implements VectorFieldBlock {

    private static final byte VERSION = 1;

    private final int outputs;
    private final int[] hidden;
    private final HiddenActivation activation;
    private final HiddenActivation outputActivation;
    /** Whether the layers take PyTorch's {@code nn.Linear} default initialisation. */
    private final boolean torchLinearInit;
    private final List<Linear> layers = new ArrayList<>();

    private Mlp(Builder builder) {
        super(VERSION);
        this.outputs = builder.outputs;
        this.hidden = builder.hidden.clone();
        this.activation = builder.activation;
        this.outputActivation = builder.outputActivation;
        this.torchLinearInit = builder.torchLinearInit;
        for (int width : hidden) {
            layers.add(addChildBlock("linear", Linear.builder().setUnits(width).build()));
        }
        layers.add(addChildBlock("linear", Linear.builder().setUnits(outputs).build()));
        setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3),
                Parameter.Type.WEIGHT);
    }

    /**
     * Builds a tanh MLP, e.g. {@code Mlp.tanh(2, 50, 50)} for the 2-50-50-2 field of the
     * benchmarks.
     *
     * @param outputs the output width
     * @param hidden the hidden widths, in order
     * @return the network
     */
    public static Mlp tanh(int outputs, int... hidden) {
        return builder().setOutputs(outputs).optHidden(hidden).build();
    }

    /**
     * Returns a builder.
     *
     * @return a builder with tanh hidden layers and no hidden layer yet
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the hidden activation.
     *
     * @return the activation after every hidden layer
     */
    public HiddenActivation getActivation() {
        return activation;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (int i = 0; i < layers.size(); i++) {
            current = layers.get(i).forward(parameterStore, current, training);
            if (i < hidden.length) {
                current = new NDList(activation.apply(current.singletonOrThrow()));
            } else if (outputActivation != null) {
                current = new NDList(outputActivation.apply(current.singletonOrThrow()));
            }
        }
        return current;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The field's prepared weights are recorded when autograd records, so gradients reach
     * this MLP's parameters; they are owned by {@code y0}'s manager.
     */
    @Override
    public VectorField prepareField(
            ParameterStore parameterStore, NDArray y0, boolean training, TimeInput timeInput) {
        List<NDArray> weights = new ArrayList<>(layers.size());
        List<NDArray> biases = new ArrayList<>(layers.size());
        for (Linear layer : layers) {
            weights.add(value(parameterStore, layer, "weight", y0, training));
            biases.add(value(parameterStore, layer, "bias", y0, training));
        }
        return MlpField.prepare(
                weights, biases, activation, outputActivation, y0.getManager(), timeInput);
    }

    private static NDArray value(
            ParameterStore store, Linear layer, String name, NDArray y0, boolean training) {
        Parameter parameter = layer.getParameters().get(name);
        return store.getValue(parameter, y0.getDevice(), training);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Block layer : layers) {
            if (torchLinearInit) {
                float bound = (float) (1 / Math.sqrt(shape.get(shape.dimension() - 1)));
                layer.setInitializer(new UniformInitializer(bound), parameter -> true);
            }
            layer.initialize(manager, dataType, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {input.slice(0, input.dimension() - 1).add(outputs)};
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Mlp(outputs=" + outputs + ", hidden=" + Arrays.toString(hidden) + ", " + activation
                + (outputActivation == null ? "" : ", output " + outputActivation) + ")";
    }

    /** Configures an {@link Mlp}. */
    public static final class Builder {

        private int outputs;
        private int[] hidden = new int[0];
        private HiddenActivation activation = HiddenActivation.TANH;
        private HiddenActivation outputActivation;
        private boolean torchLinearInit;

        private Builder() {}

        /**
         * Sets the output width (the state width of a vector field).
         *
         * @param outputs at least 1
         * @return this builder
         */
        public Builder setOutputs(int outputs) {
            this.outputs = outputs;
            return this;
        }

        /**
         * Sets the hidden widths, in order (default: none, a single linear layer).
         *
         * @param widths each at least 1
         * @return this builder
         */
        public Builder optHidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        /**
         * Sets the activation after every hidden layer (default {@link HiddenActivation#TANH}).
         *
         * @param activation the activation
         * @return this builder
         */
        public Builder optActivation(HiddenActivation activation) {
            if (activation == null) {
                throw new IllegalArgumentException("activation must not be null");
            }
            this.activation = activation;
            return this;
        }

        /**
         * Sets an activation after the output layer (default: none, a linear output), e.g. {@code
         * TANH} for the bounded fields of the ANODE report ({@code Dense(10 -> 20, tanh)}).
         *
         * @param outputActivation the activation, or {@code null} for a linear output
         * @return this builder
         */
        public Builder optOutputActivation(HiddenActivation outputActivation) {
            this.outputActivation = outputActivation;
            return this;
        }

        /**
         * Initialises every layer as PyTorch's {@code nn.Linear} does by default: weights and
         * biases uniform in {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]}, {@code fan_in} the layer's
         * input width (default: Glorot-uniform weights and zero biases). For reproducing papers
         * whose networks are plain {@code nn.Linear} stacks.
         *
         * @return this builder
         */
        public Builder optTorchLinearInit() {
            this.torchLinearInit = true;
            return this;
        }

        /**
         * Builds the MLP.
         *
         * @return the block
         * @throws IllegalArgumentException if the output width or a hidden width is below 1
         */
        public Mlp build() {
            if (outputs < 1) {
                throw new IllegalArgumentException(
                        "outputs must be >= 1, got " + outputs + ": call setOutputs(stateWidth)");
            }
            for (int width : hidden) {
                if (width < 1) {
                    throw new IllegalArgumentException(
                            "hidden widths must be >= 1, got " + Arrays.toString(hidden));
                }
            }
            return new Mlp(this);
        }
    }
}
