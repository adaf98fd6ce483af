package io.github.neuralode.data.mnist;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * MNIST or Fashion-MNIST from idx files in a local folder, as a DJL {@link ArrayDataset}; nothing
 * is downloaded (see {@link MnistKind#fetchHint} for how to get the files).
 *
 * <p>Shapes, one example: data {@code (rows * cols)} = {@code (784)} with {@code
 * optFlatten(true)}, else {@code (1, rows, cols)} = {@code (1, 28, 28)}; label {@code ()}.
 * Batched: {@code (batch, 784)} or {@code (batch, 1, 28, 28)}, labels {@code (batch)}. Data are
 * float32 grey values in [0, 1] (byte / 255); labels are float32 class indices 0 to 9, the form
 * {@code Loss.softmaxCrossEntropyLoss()} takes.
 *
 * <pre>{@code
 * MnistDataset train = MnistDataset.builder()
 *         .setFolder(Path.of("/work/data/mnist"))
 *         .optUsage(Dataset.Usage.TRAIN)
 *         .optLimit(1000)                 // the first 1,000 images, in file order
 *         .optFlatten(true)
 *         .setSampling(100, true)
 *         .optManager(manager)
 *         .build();
 * train.prepare();                        // reads the files; getData() would do it too
 * }</pre>
 *
 * <p>{@link #prepare} reads the files once (later calls do nothing) and keeps all examples in two
 * NDArrays on a sub-manager of the builder's manager; {@link #close} frees them.
 */
public final class MnistDataset extends ArrayDataset implements AutoCloseable {

    private final Path folder;
    private final Usage usage;
    private final MnistKind kind;
    private final boolean flatten;
    private final NDManager manager;
    private boolean prepared;
    private int rows;
    private int cols;

    private MnistDataset(Builder builder) {
        super(builder);
        folder = builder.folder;
        usage = builder.usage;
        kind = builder.kind;
        flatten = builder.flatten;
        manager =
                builder.manager == null
                        ? NDManager.newBaseManager()
                        : builder.manager.newSubManager();
        manager.setName(kind.displayName() + " " + usage);
    }

    /**
     * Returns a builder; {@link Builder#setFolder} and {@link Builder#setSampling(int, boolean)}
     * are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the idx files of the split into one data and one label NDArray, once; later calls do
     * nothing. Reading 60,000 uncompressed images takes well under a second.
     *
     * @param progress ignored (the files are local), may be null
     * @throws java.nio.file.NoSuchFileException if a file is missing; the message names it and the
     *     fetch command
     * @throws IdxFormatException if a file is damaged or images and labels disagree
     * @throws IOException if reading fails
     */
    @Override
    public synchronized void prepare(Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        IdxData read = IdxData.read(folder, usage, limit, kind);
        rows = read.rows();
        cols = read.cols();
        Shape shape =
                flatten
                        ? new Shape(read.count(), (long) rows * cols)
                        : new Shape(read.count(), 1, rows, cols);
        NDArray images = manager.create(read.pixels(), shape);
        float[] labelValues = new float[read.count()];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = read.labels()[i];
        }
        data = new NDArray[] {images};
        labels = new NDArray[] {manager.create(labelValues)};
        prepared = true;
    }

    /**
     * Returns the number of examples read, preparing the dataset first if needed.
     *
     * @return {@code min(limit, examples in the files)}
     * @throws UncheckedIOException if the files cannot be read
     */
    @Override
    protected long availableSize() {
        ensurePrepared();
        return super.availableSize();
    }

    /** {@inheritDoc} Prepares the dataset first if needed. */
    @Override
    public Record get(NDManager batchManager, long index) {
        ensurePrepared();
        return super.get(batchManager, index);
    }

    /** {@inheritDoc} Prepares the dataset first if needed. */
    @Override
    public Batch getByIndices(NDManager batchManager, long... indices) {
        ensurePrepared();
        return super.getByIndices(batchManager, indices);
    }

    /** {@inheritDoc} Prepares the dataset first if needed. */
    @Override
    public Batch getByRange(NDManager batchManager, long fromIndex, long toIndex) {
        ensurePrepared();
        return super.getByRange(batchManager, fromIndex, toIndex);
    }

    /**
     * Returns the shape of one example's data.
     *
     * @return {@code (rows * cols)} when flattened, else {@code (1, rows, cols)}
     * @throws UncheckedIOException if the files cannot be read (the image size comes from them)
     */
    public Shape exampleShape() {
        ensurePrepared();
        return flatten ? new Shape((long) rows * cols) : new Shape(1, rows, cols);
    }

    /**
     * Returns which set this is.
     *
     * @return MNIST or Fashion-MNIST
     */
    public MnistKind kind() {
        return kind;
    }

    /**
     * Returns the split.
     *
     * @return {@code TRAIN} or {@code TEST}
     */
    public Usage usage() {
        return usage;
    }

    /**
     * Returns the folder the files are read from.
     *
     * @return the builder's folder
     */
    public Path folder() {
        return folder;
    }

    /** Frees the data and label NDArrays (the dataset's own manager). */
    @Override
    public void close() {
        manager.close();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return kind.displayName() + " " + usage + " from " + folder
                + (limit == Long.MAX_VALUE ? "" : ", first " + limit)
                + (flatten ? ", flattened" : "");
    }

    private void ensurePrepared() {
        try {
            prepare(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Configures an {@link MnistDataset}; also takes the base builder's {@code setSampling}, {@code
     * optLimit} (the first {@code n} examples in file order, not a random pick; default all),
     * {@code optDevice}, {@code optPipeline} and friends.
     */
    public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {

        private Path folder;
        private Usage usage = Usage.TRAIN;
        private MnistKind kind = MnistKind.MNIST;
        private boolean flatten;
        private NDManager manager;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the folder holding the four idx files (plain or {@code .gz}). Required.
         *
         * @param folder e.g. the folder {@code experiments/scripts/fetch-mnist.sh} filled
         * @return this builder
         */
        public Builder setFolder(Path folder) {
            this.folder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * Sets the split. Default {@code TRAIN}.
         *
         * @param usage {@code TRAIN} (60,000 examples) or {@code TEST} (10,000)
         * @return this builder
         */
        public Builder optUsage(Dataset.Usage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /**
         * Sets which set the folder holds; only the name and the hints in error messages change.
         * Default {@code MNIST}.
         *
         * @param kind MNIST or Fashion-MNIST
         * @return this builder
         */
        public Builder optKind(MnistKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * Sets the example shape. Default false.
         *
         * @param flatten true for {@code (784)} per example (dense networks), false for {@code (1,
         *     28, 28)} (convolutions)
         * @return this builder
         */
        public Builder optFlatten(boolean flatten) {
            this.flatten = flatten;
            return this;
        }

        /**
         * Sets the manager whose sub-manager holds the dataset's NDArrays (and so their device).
         * Default: a new base manager on the default device, closed by {@link #close}.
         *
         * @param manager the parent manager
         * @return this builder
         */
        public Builder optManager(NDManager manager) {
            this.manager = Objects.requireNonNull(manager, "manager");
            return this;
        }

        /**
         * Checks the settings and builds the dataset; the files are read by {@link #prepare}.
         *
         * @return the dataset
         * @throws IllegalArgumentException if the folder or the sampling is missing, the usage is
         *     {@code VALIDATION} or the limit is below 1
         */
        public MnistDataset build() {
            if (folder == null) {
                throw new IllegalArgumentException(
                        "folder is required: call setFolder(path to the idx files). "
                                + kind.fetchHint(Path.of("DIR")));
            }
            if (sampler == null) {
                throw new IllegalArgumentException(
                        "sampling is required: call setSampling(batchSize, shuffle)");
            }
            if (usage == Usage.VALIDATION) {
                throw new IllegalArgumentException(
                        "usage must be TRAIN or TEST, got VALIDATION: MNIST ships no validation"
                                + " split; take one from TRAIN with randomSplit or subDataset");
            }
            if (limit < 1) {
                throw new IllegalArgumentException(
                        "limit must be at least 1 (the default reads every example), got " + limit);
            }
            return new MnistDataset(this);
        }
    }
}
