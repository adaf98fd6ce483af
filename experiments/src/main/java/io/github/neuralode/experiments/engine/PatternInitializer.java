package io.github.neuralode.experiments.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Deterministic parameter values, the same on every device and in every precision: entry {@code
 * i} of a tensor of {@code s} entries is {@code 0.5 sin(1.7 i + 0.3 s)}. For checks that compare
 * one model across devices ({@code doctor}), where seeded random initialisers draw different
 * numbers on a GPU.
 */
final class PatternInitializer implements Initializer {

    /** Sets this initializer for every weight and bias of a block and its children. */
    static void applyTo(Block block) {
        PatternInitializer pattern = new PatternInitializer();
        block.setInitializer(pattern, Parameter.Type.WEIGHT);
        block.setInitializer(pattern, Parameter.Type.BIAS);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        int size = Math.toIntExact(shape.size());
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = 0.5 * Math.sin(1.7 * i + 0.3 * size);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
