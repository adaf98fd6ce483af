package io.github.neuralode.models.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Augmentation by zero padding (Dupont, Doucet and Teh, "Augmented Neural ODEs", 2019): appends
 * {@code p} zeros to axis 1 of the input, so a vector state {@code (batch, d)} becomes {@code
 * (batch, d + p)} and an image state {@code (batch, C, H, W)} gains {@code p} zero channels,
 * {@code (batch, C + p, H, W)}. The ODE that follows then flows in a larger space where
 * trajectories need not cross. No parameters.
 */
public final class ZeroPadding extends AxisOneBlock {

    /**
     * Creates the block.
     *
     * @param extra the number {@code p} of zero dimensions (or channels) appended, at least 0
     * @throws IllegalArgumentException if {@code extra} is negative
     */
    public ZeroPadding(int extra) {
        super(checked(extra));
    }

    private static int checked(int extra) {
        if (extra < 0) {
            throw new IllegalArgumentException(
                    "extra must be >= 0 (the number of zero dimensions or channels), got " + extra);
        }
        return extra;
    }

    /**
     * Returns the number of appended zero dimensions (or channels).
     *
     * @return {@code p}
     */
    public int getExtra() {
        return setting();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int extra = setting();
        if (extra == 0) {
            return new NDList(x);
        }
        Shape shape = x.getShape();
        NDArray zeros =
                x.getManager().zeros(withAxis1(shape, extra), x.getDataType(), x.getDevice());
        return new NDList(x.concat(zeros, 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = inputShapes[0];
        return new Shape[] {withAxis1(shape, shape.get(1) + setting())};
    }
}
