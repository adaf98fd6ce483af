package io.github.neuralode.models.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keeps the first {@code d} entries of axis 1: the original dimensions (or channels) of an
 * augmented state after its ODE, {@code (batch, d + p, ...)} to {@code (batch, d, ...)}, or the
 * position half {@code x} of a second-order state {@code (x, v)}. Gradients reach the kept entries
 * only. No parameters.
 */
public final class Truncation extends AxisOneBlock {

    /**
     * Creates the block.
     *
     * @param kept the number {@code d} of leading dimensions (or channels) kept, at least 1
     * @throws IllegalArgumentException if {@code kept} is below 1
     */
    public Truncation(int kept) {
        super(checked(kept));
    }

    private static int checked(int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException(
                    "kept must be >= 1 (the number of leading dimensions kept), got " + kept);
        }
        return kept;
    }

    /**
     * Returns the number of kept leading dimensions (or channels).
     *
     * @return {@code d}
     */
    public int getKept() {
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
        requireWide(x.getShape());
        if (x.getShape().get(1) == setting()) {
            return new NDList(x);
        }
        return new NDList(x.get(new NDIndex(":, :{}", setting())));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireWide(inputShapes[0]);
        return new Shape[] {withAxis1(inputShapes[0], setting())};
    }

    private void requireWide(Shape shape) {
        int kept = setting();
        if (shape.dimension() < 2 || shape.get(1) < kept) {
            throw new IllegalArgumentException(
                    "Truncation(" + kept + ") needs an input (batch, >= " + kept
                            + ", ...), got " + shape
                            + ": keep at most as many dimensions as the state has");
        }
    }
}
