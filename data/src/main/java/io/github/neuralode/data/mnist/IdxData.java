package io.github.neuralode.data.mnist;

import ai.djl.training.dataset.Dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Images and labels of an idx pair as plain Java arrays, for experiments that batch by
 * themselves. Image {@code i}'s pixel at row {@code r}, column {@code c} is {@code pixels[(i *
 * rows + r) * cols + c]}, a float32 grey value in [0, 1] (the file's byte divided by 255, 0 being
 * the background in MNIST); {@code labels[i]} is its class index (0 to 9 for MNIST and
 * Fashion-MNIST). The arrays are shared, not copied (60,000 MNIST images take 188 MB as floats):
 * treat them as read-only.
 *
 * @param pixels {@code count * rows * cols} values in [0, 1], image after image, row-major
 * @param labels {@code count} class indices
 * @param rows image height in pixels (28 for MNIST)
 * @param cols image width in pixels (28 for MNIST)
 */
public record IdxData(float[] pixels, int[] labels, int rows, int cols) {

    /**
     * Checks that the arrays agree.
     *
     * @throws IllegalArgumentException if {@code pixels.length != labels.length * rows * cols}
     */
    public IdxData {
        if (rows < 0 || cols < 0 || pixels.length != (long) labels.length * rows * cols) {
            throw new IllegalArgumentException(
                    "pixels must hold labels.length * rows * cols = " + labels.length + " * " + rows
                            + " * " + cols + " values, got " + pixels.length);
        }
    }

    /**
     * Returns the number of examples.
     *
     * @return {@code labels.length}
     */
    public int count() {
        return labels.length;
    }

    /**
     * Reads the first {@code limit} MNIST examples of an images and a labels file.
     *
     * @param images the idx3 images file, or its name without {@code .gz} for a gzipped one
     * @param labels the idx1 labels file, likewise
     * @param limit how many examples from the start of the files, in file order (not a random
     *     pick), at least 1; {@code Long.MAX_VALUE} or any number above the count reads all
     * @return the first {@code min(limit, count)} examples
     * @throws java.nio.file.NoSuchFileException if a file is missing; the message says how to fetch
     *     MNIST
     * @throws IdxFormatException if a file is damaged or the two counts differ
     * @throws IOException if reading fails
     */
    public static IdxData read(Path images, Path labels, long limit) throws IOException {
        return read(images, labels, limit, MnistKind.MNIST);
    }

    /**
     * Reads the first {@code limit} examples of an images and a labels file of the given kind.
     *
     * @param images the idx3 images file, or its name without {@code .gz} for a gzipped one
     * @param labels the idx1 labels file, likewise
     * @param limit how many examples from the start of the files, in file order, at least 1
     * @param kind MNIST or Fashion-MNIST, for the hints in error messages
     * @return the first {@code min(limit, count)} examples
     * @throws java.nio.file.NoSuchFileException if a file is missing
     * @throws IdxFormatException if a file is damaged or the two counts differ
     * @throws IOException if reading fails
     */
    public static IdxData read(Path images, Path labels, long limit, MnistKind kind)
            throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "limit must be at least 1 (Long.MAX_VALUE reads every example), got " + limit);
        }
        IdxArray imageArray = IdxFiles.read(images, 3, kind);
        IdxArray labelArray = IdxFiles.read(labels, 1, kind);
        if (imageArray.count() != labelArray.count()) {
            throw new IdxFormatException(
                    imageArray.file() + " holds " + imageArray.count() + " images but "
                            + labelArray.file() + " holds " + labelArray.count()
                            + " labels; use the images and labels of the same split (train or t10k)"
                            + " and fetch them again if one is damaged. "
                            + kind.fetchHint(imageArray.file().toAbsolutePath().getParent()));
        }
        int count = (int) Math.min(limit, imageArray.count());
        int[] shape = imageArray.shape();
        return new IdxData(
                imageArray.unitFloats(count), labelArray.unsignedInts(count), shape[1], shape[2]);
    }

    /**
     * Reads the first {@code limit} examples of a split from a folder holding the standard file
     * names (see {@link MnistFiles}), plain or gzipped.
     *
     * @param folder the folder, e.g. the one {@code experiments/scripts/fetch-mnist.sh} filled or
     *     {@link MnistKind#FASHION_MNIST_SYSTEM_FOLDER}
     * @param usage {@code TRAIN} (60,000 examples) or {@code TEST} (10,000)
     * @param limit how many examples from the start of the files, in file order, at least 1
     * @param kind MNIST or Fashion-MNIST, for the hints in error messages
     * @return the first {@code min(limit, count)} examples of the split
     * @throws java.nio.file.NoSuchFileException if a file is missing
     * @throws IdxFormatException if a file is damaged or the two counts differ
     * @throws IOException if reading fails
     */
    public static IdxData read(Path folder, Dataset.Usage usage, long limit, MnistKind kind)
            throws IOException {
        Path images = MnistFiles.images(folder, usage);
        return read(images, MnistFiles.labels(folder, usage), limit, kind);
    }
}
