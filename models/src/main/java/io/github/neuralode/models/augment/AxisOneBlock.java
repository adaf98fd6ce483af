package io.github.neuralode.models.augment;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A parameter-free block that changes the size of axis 1 (features or channels) by a fixed
 * setting, saved with the model and checked on load: the common part of {@link ZeroPadding} and
 * {@link Truncation}.
 */
abstract class AxisOneBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int setting;

    AxisOneBlock(int setting) {
        super(VERSION);
        this.setting = setting;
    }

    /** The block's size setting (added or kept entries of axis 1). */
    int setting() {
        return setting;
    }

    /** The shape with axis 1 of the given size. */
    static Shape withAxis1(Shape shape, long size) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "augmentation needs a batched input (batch, d) or (batch, channels, ...), got "
                            + shape);
        }
        long[] dimensions = shape.getShape().clone();
        dimensions[1] = size;
        return new Shape(dimensions);
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(setting);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "Unsupported " + getClass().getSimpleName() + " version " + loadVersion);
        }
        readInputShapes(is);
        int saved = is.readInt();
        if (saved != setting) {
            throw new MalformedModelException(
                    "the saved model has " + getClass().getSimpleName() + "(" + saved
                            + ") where this one has " + this
                            + ": build the model with the saved settings");
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + setting + ")";
    }
}
