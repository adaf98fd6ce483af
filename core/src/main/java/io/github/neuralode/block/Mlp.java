package io.github.neuralode.block;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import java.util.function.Function;

/**
 * Multi-layer perceptrons for vector fields: {@code Linear -> act -> ... -> Linear}, with DJL's
 * default initialisation (Xavier-uniform weights, zero biases) and an identity output layer.
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
        return network.add(Linear.builder().setUnits(outputs).build());
    }
}
