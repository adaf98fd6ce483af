package io.github.neuralode.experiments.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * ROBER's own right-hand side with its three rate constants as trainable parameters, stored as
 * logarithms: the classical (not neural) stiff problem on which the gradient study can also be
 * run ({@code stiff-gradients --field rates}). Parameter {@code log_rates} {@code (3)} starts at
 * {@code log(k_i factor_i)} for the true {@code k = (0.04, 3e7, 1e4)}; input and output {@code
 * (batch, 3)}.
 */
final class RoberRates extends AbstractBlock {

    /** The true rate constants. */
    static final double[] RATES = {0.04, 3e7, 1e4};

    private final Parameter logRates;

    /**
     * Creates the block.
     *
     * @param factors the factors applied to the true rates at initialisation
     */
    RoberRates(double[] factors) {
        logRates =
                addParameter(
                        Parameter.builder()
                                .setName("log_rates")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(3))
                                .optInitializer(initializer(factors))
                                .build());
    }

    private static Initializer initializer(double[] factors) {
        return (manager, shape, dataType) -> {
            double[] values = new double[3];
            for (int i = 0; i < 3; i++) {
                values[i] = Math.log(RATES[i] * factors[i]);
            }
            return manager.create(values).toType(dataType, false);
        };
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray y = inputs.singletonOrThrow();
        NDArray k = parameterStore.getValue(logRates, y.getDevice(), training).exp();
        NDArray y1 = y.get(":, 0:1");
        NDArray y2 = y.get(":, 1:2");
        NDArray y3 = y.get(":, 2:3");
        NDArray first = y1.mul(k.get(0));
        NDArray second = y2.square().mul(k.get(1));
        NDArray third = y2.mul(y3).mul(k.get(2));
        NDArray d1 = third.sub(first);
        NDArray d2 = first.sub(second).sub(third);
        return new NDList(NDArrays.concat(new NDList(d1, d2, second), 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {}
}
