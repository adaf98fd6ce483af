package io.github.neuralode.data.mnist;

import ai.djl.training.dataset.Dataset;

import java.nio.file.Path;

/**
 * The four file names shared by MNIST and Fashion-MNIST, and which of them belong to a {@link
 * Dataset.Usage}. Names are given without {@code .gz}; the reader also accepts the gzipped file
 * of the same name (see {@link IdxFiles#locate}).
 */
public final class MnistFiles {

    /** The 60,000 training images (idx3). */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

    /** The 60,000 training labels (idx1). */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

    /** The 10,000 test images (idx3). */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";

    /** The 10,000 test labels (idx1). */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private MnistFiles() {}

    /**
     * Returns the images file of a split.
     *
     * @param folder the folder holding the idx files
     * @param usage {@code TRAIN} or {@code TEST}
     * @return {@code folder/train-images-idx3-ubyte} or {@code folder/t10k-images-idx3-ubyte}
     * @throws IllegalArgumentException for {@code VALIDATION}, which MNIST does not ship
     */
    public static Path images(Path folder, Dataset.Usage usage) {
        return folder.resolve(train(usage) ? TRAIN_IMAGES : TEST_IMAGES);
    }

    /**
     * Returns the labels file of a split.
     *
     * @param folder the folder holding the idx files
     * @param usage {@code TRAIN} or {@code TEST}
     * @return {@code folder/train-labels-idx1-ubyte} or {@code folder/t10k-labels-idx1-ubyte}
     * @throws IllegalArgumentException for {@code VALIDATION}, which MNIST does not ship
     */
    public static Path labels(Path folder, Dataset.Usage usage) {
        return folder.resolve(train(usage) ? TRAIN_LABELS : TEST_LABELS);
    }

    private static boolean train(Dataset.Usage usage) {
        switch (usage) {
            case TRAIN:
                return true;
            case TEST:
                return false;
            default:
                throw new IllegalArgumentException(
                        "usage must be TRAIN or TEST, got " + usage
                                + ": MNIST ships no validation split; take one from TRAIN with"
                                + " randomSplit or subDataset");
        }
    }
}
