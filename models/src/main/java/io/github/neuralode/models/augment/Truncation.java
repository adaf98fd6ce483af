package io.github.neuralode.models.augment;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Keeps the first {@code d} entries of axis 1: the original dimensions (or channels) of an
 * augmented state after its ODE, {@code (batch, d + p, ...)} to {@code (batch, d, ...)}, or the
 * position half {@code x} of a second-order state {@code (x, v)}. Gradients reach the kept entries
 * only. No parameters.
 */
public final class Truncation extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int kept;

    /**
     * Creates the block.
     *
     * @param kept the number {@code d} of leading dimensions (or channels) kept, at least 1
     * @throws IllegalArgumentException if {@code kept} is below 1
     */
    public Truncation(int kept) {
        super(VERSION);
        if (kept < 1) {
            throw new IllegalArgumentException(
                    "kept must be >= 1 (the number of leading dimensions kept), got " + kept);
        }
        this.kept = kept;
    }

    /**
     * Returns the number of kept leading dimensions (or channels).
     *
     * @return {@code d}
     */
    public int getKept() {
        return kept;
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
        if (x.getShape().get(1) == kept) {
            return new NDList(x);
        }
        return new NDList(x.get(new NDIndex(":, :{}", kept)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireWide(inputShapes[0]);
        return new Shape[] {ZeroPadding.withAxis1(inputShapes[0], kept)};
    }

    private void requireWide(Shape shape) {
        if (shape.dimension() < 2 || shape.get(1) < kept) {
            throw new IllegalArgumentException(
                    "Truncation(" + kept + ") needs an input (batch, >= " + kept
                            + ", ...), got " + shape
                            + ": keep at most as many dimensions as the state has");
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(kept);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported Truncation version " + loadVersion);
        }
        readInputShapes(is);
        int saved = is.readInt();
        if (saved != kept) {
            throw new MalformedModelException(
                    "the saved Truncation keeps " + saved + " dimensions, this block " + kept
                            + ": build the model with the saved settings");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Truncation(" + kept + ")";
    }
}
