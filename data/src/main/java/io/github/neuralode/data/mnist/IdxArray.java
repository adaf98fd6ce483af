package io.github.neuralode.data.mnist;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The checked content of one idx file of unsigned bytes: its shape from the header and its values
 * in file (row-major) order. Item {@code i} is the slice {@code [i, ...]} along the first
 * dimension: one image of {@code rows x cols} bytes in an idx3 file, one label in an idx1 file.
 * Made by {@link IdxFiles#read}; the bytes are kept as read, without a copy.
 */
public final class IdxArray {

    private final Path file;
    private final int[] shape;
    private final byte[] bytes;
    private final int offset;

    /**
     * Wraps checked bytes; {@link IdxFiles#read} has verified that {@code bytes} holds exactly
     * {@code offset} header bytes followed by the product of {@code shape} values.
     */
    IdxArray(Path file, int[] shape, byte[] bytes, int offset) {
        this.file = file;
        this.shape = shape.clone();
        this.bytes = bytes;
        this.offset = offset;
    }

    /**
     * Returns the file the values came from.
     *
     * @return the path actually read, ending in {@code .gz} for a compressed file
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the dimensions from the header.
     *
     * @return a copy: {@code (count, rows, cols)} for idx3, {@code (count)} for idx1
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the number of items, the first dimension.
     *
     * @return the count in the header, at least 0
     */
    public int count() {
        return shape[0];
    }

    /**
     * Returns the number of values in one item, the product of all dimensions but the first.
     *
     * @return {@code rows * cols} for idx3, 1 for idx1
     */
    public int itemSize() {
        return Arrays.stream(shape, 1, shape.length).reduce(1, Math::multiplyExact);
    }

    /**
     * Returns the first items' values divided by 255, so 0 maps to 0 and 255 to 1.
     *
     * @param items how many items from the start, 0 to {@link #count()}
     * @return {@code items * itemSize()} float32 values in [0, 1], in file order
     */
    public float[] unitFloats(int items) {
        float[] values = new float[checkedLength(items)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (bytes[offset + i] & 0xFF) / 255f;
        }
        return values;
    }

    /**
     * Returns the first items' values as integers.
     *
     * @param items how many items from the start, 0 to {@link #count()}
     * @return {@code items * itemSize()} values in 0 to 255, in file order
     */
    public int[] unsignedInts(int items) {
        int[] values = new int[checkedLength(items)];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes[offset + i] & 0xFF;
        }
        return values;
    }

    private int checkedLength(int items) {
        if (items < 0 || items > count()) {
            throw new IllegalArgumentException(
                    "items must be in 0 to " + count() + " (the count in " + file + "), got "
                            + items);
        }
        return items * itemSize();
    }
}
