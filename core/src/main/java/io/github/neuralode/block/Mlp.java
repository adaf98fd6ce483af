package io.github.neuralode.block;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;

import java.util.function.Function;

/**
 * Multi-layer perceptrons for vector fields: {@code Linear -> act -> ... -> Linear} with an
 * identity output layer, Glorot (Xavier-uniform, bound {@code sqrt(6 / (fan_in + fan_out))})
 * weights and zero biases, as in PyTorch reference setups. (DJL's own default for {@code Linear}
 * is a Gaussian with standard deviation {@code sqrt(2 / fan_in)}, which makes random tanh fields
 * faster and stiffer.)
 *
 * <p>Shapes: input {@code (batch, in)} (inferred at initialisation), output {@code (batch,
 * outputs)}.
 */
public final class Mlp {

    private Mlp() {}

    /**
     * Builds a tanh MLP, e.g. {@code Mlp.tanh(2, 50, 50)} for the 2-50-50-2 field of the
     * benchmarks.
     *
     * @param outputs the output width
     * @param hidden the hidden widths, in order
     * @return the network
     */
    public static SequentialBlock tanh(int outputs, int... hidden) {
        return of(Activation::tanh, outputs, hidden);
    }

    /**
     * Builds an MLP with the given hidden activation.
     *
     * @param activation applied after every hidden layer
     * @param outputs the output width
     * @param hidden the hidden widths, in order
     * @return the network
     */
    public static SequentialBlock of(
            Function<NDList, NDList> activation, int outputs, int... hidden) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        }
        SequentialBlock network = new SequentialBlock();
        for (int width : hidden) {
            if (width < 1) {
                throw new IllegalArgumentException("hidden widths must be >= 1, got " + width);
            }
            network.add(Linear.builder().setUnits(width).build()).add(activation);
        }
        network.add(Linear.builder().setUnits(outputs).build());
        network.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3),
                Parameter.Type.WEIGHT);
        return network;
    }
}
