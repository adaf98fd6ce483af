package io.github.neuralode.models.anode;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

import io.github.neuralode.block.HiddenActivation;
import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.models.augment.Augmentation;
import io.github.neuralode.models.augment.Truncation;
import io.github.neuralode.models.augment.ZeroPadding;
import io.github.neuralode.models.field.ConvField;
import io.github.neuralode.models.field.SecondOrderField;
import io.github.neuralode.models.steer.Steer;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;

/**
 * The MNIST classifiers of the ANODE report and paper, built from the library's blocks. All map
 * images to 10 logits (train them with softmax cross-entropy); dense layers use Glorot-uniform
 * weights and zero biases ({@link Mlp}), as Flux's {@code Dense} in the report.
 *
 * <ul>
 *   <li>{@link #report}: the report's Table 1 models on flattened images {@code (batch, 784)}:
 *       {@code Dense(784 -> 20, tanh)}, the ODE on {@code [0, 1]} with the field {@code
 *       Dense(20+p -> 10, tanh), Dense(10 -> 10, tanh), Dense(10 -> 20+p, tanh)} (autonomous, as
 *       DiffEqFlux's {@code NeuralODE}), the first 20 dimensions into {@code Dense(20 -> 10)}.
 *   <li>{@link #convNode} and {@link #convAnode}: the paper's image models on {@code (batch, 1, 28,
 *       28)}: a {@link ConvField} with a time channel, the final state (augmented channels
 *       included) flattened into {@code Linear(-> 10)}.
 *   <li>{@link #mlpAnode}: a wider zero-padded MLP ANODE that reaches MNIST accuracies of 98 %
 *       on a CPU in minutes.
 * </ul>
 */
public final class AnodeModels {

    /** The width of the report's feature layer. */
    public static final int REPORT_FEATURES = 20;

    private static final int CLASSES = 10;

    private AnodeModels() {}

    /**
     * Builds one row of the report's Table 1.
     *
     * @param variant the row
     * @param solver the ODE solver (the report: Tsit5, rtol = atol = 1e-3)
     * @param sensitivity how gradients flow through the solve
     * @param seed seeds the STEER end-time draws
     * @return the classifier on {@code (batch, 784)}
     */
    public static Block report(
            ReportVariant variant, OdeSolver solver, Sensitivity sensitivity, long seed) {
        int d = REPORT_FEATURES;
        int width = d + variant.extra();
        SequentialBlock model = new SequentialBlock();
        switch (variant.kind()) {
            case NODE -> model.add(tanhLayer(d)).add(ode(reportField(d), solver, sensitivity));
            case ZERO_PADDING ->
                    model.add(tanhLayer(d))
                            .add(Augmentation.zeroPadding(
                                    variant.extra(), ode(reportField(width), solver, sensitivity), d));
            case INPUT_LAYER ->
                    model.add(Augmentation.inputLayer(
                            tanhLayer(width), ode(reportField(width), solver, sensitivity), d));
            case STEER ->
                    model.add(tanhLayer(d))
                            .add(new ZeroPadding(variant.extra()))
                            .add(Steer.builder()
                                    .setOdeBlock(ode(reportField(width), solver, sensitivity))
                                    .setHalfWidth(variant.steer())
                                    .optSeed(seed)
                                    .build())
                            .add(new Truncation(d));
            case SECOND_ORDER -> {
                SecondOrderField field =
                        SecondOrderField.builder()
                                .setPositions(d)
                                .setAcceleration(reportField(d))
                                .build();
                model.add(tanhLayer(d))
                        .add(Augmentation.zeroPadding(d, ode(field, solver, sensitivity), d));
            }
            default -> throw new IllegalStateException("unhandled variant " + variant);
        }
        return model.add(linear(CLASSES));
    }

    /**
     * The paper's convolutional NODE: the image itself is the state.
     *
     * @param filters the field's filters (the paper: 92)
     * @param solver the ODE solver (the paper: Dopri5, rtol = atol = 1e-3)
     * @param sensitivity how gradients flow through the solve
     * @return the classifier on {@code (batch, 1, 28, 28)}
     */
    public static Block convNode(int filters, OdeSolver solver, Sensitivity sensitivity) {
        return convAnode(0, filters, solver, sensitivity);
    }

    /**
     * The paper's convolutional ANODE: the image padded with zero channels.
     *
     * @param extraChannels the augmented channels (the paper: 5)
     * @param filters the field's filters (the paper: 64)
     * @param solver the ODE solver
     * @param sensitivity how gradients flow through the solve
     * @return the classifier on {@code (batch, 1, 28, 28)}
     */
    public static Block convAnode(
            int extraChannels, int filters, OdeSolver solver, Sensitivity sensitivity) {
        ConvField field =
                ConvField.builder().setChannels(1 + extraChannels).setFilters(filters).build();
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(field)
                        .optSolver(solver)
                        .optTimeInput(TimeInput.APPEND)
                        .optSensitivity(sensitivity)
                        .build();
        SequentialBlock model = new SequentialBlock();
        if (extraChannels > 0) {
            model.add(new ZeroPadding(extraChannels));
        }
        return model.add(ode).add(Blocks.batchFlattenBlock()).add(linear(CLASSES));
    }

    /**
     * An MLP ANODE for full MNIST: {@code Dense(784 -> features, tanh)}, zero padding to {@code
     * features + extra}, an autonomous tanh field with one hidden layer of {@code hidden} units,
     * the first {@code features} dimensions into {@code Dense(-> 10)}.
     *
     * @param features the feature width {@code d}
     * @param extra the augmented dimensions {@code p}
     * @param hidden the field's hidden width
     * @param solver the ODE solver
     * @param sensitivity how gradients flow through the solve
     * @return the classifier on {@code (batch, 784)}
     */
    public static Block mlpAnode(
            int features, int extra, int hidden, OdeSolver solver, Sensitivity sensitivity) {
        Mlp field = Mlp.builder().setOutputs(features + extra).optHidden(hidden).build();
        return new SequentialBlock()
                .add(tanhLayer(features))
                .add(Augmentation.zeroPadding(extra, ode(field, solver, sensitivity), features))
                .add(linear(CLASSES));
    }

    /**
     * Freezes the vector field of every {@link OdeBlock} in a model: the field's parameters keep
     * their initial values and get no gradients, so training moves only the layers around the
     * solves. Call it before the model is initialised or trained. The ANODE report's notebook
     * trained its STEER and second-order models this way without meaning to: its own ODE layers
     * lack DiffEqFlux's {@code trainable} rule, so {@code Flux.params} never reaches the
     * destructured parameter vector their solves use, which stays at its initial values.
     *
     * @param model any block tree
     * @return the number of fields frozen
     * @throws IllegalArgumentException if the model holds no {@link OdeBlock}
     */
    public static int freezeOdeFields(Block model) {
        int frozen = freezeFieldsBelow(model);
        if (frozen == 0) {
            throw new IllegalArgumentException(
                    "model holds no OdeBlock, so there is no vector field to freeze: pass a model"
                            + " built with an OdeBlock (e.g. AnodeModels.report)");
        }
        return frozen;
    }

    private static int freezeFieldsBelow(Block block) {
        if (block instanceof OdeBlock ode) {
            ode.getVectorField().freezeParameters(true);
            return 1;
        }
        int frozen = 0;
        for (Block child : block.getChildren().values()) {
            frozen += freezeFieldsBelow(child);
        }
        return frozen;
    }

    private static OdeBlock ode(Block field, OdeSolver solver, Sensitivity sensitivity) {
        return OdeBlock.builder()
                .setVectorField(field)
                .optSolver(solver)
                .optTimes(0, 1)
                .optSensitivity(sensitivity)
                .build();
    }

    /** The report's field on {@code width} dimensions. */
    private static Mlp reportField(int width) {
        return Mlp.builder()
                .setOutputs(width)
                .optHidden(10, 10)
                .optOutputActivation(HiddenActivation.TANH)
                .build();
    }

    private static Mlp tanhLayer(int width) {
        return Mlp.builder().setOutputs(width).optOutputActivation(HiddenActivation.TANH).build();
    }

    private static Mlp linear(int width) {
        return Mlp.builder().setOutputs(width).build();
    }
}
