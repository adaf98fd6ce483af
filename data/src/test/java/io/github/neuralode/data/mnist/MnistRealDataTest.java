package io.github.neuralode.data.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The real files, when a folder is given: {@code -Dneuralode.mnist.dir=DIR} (filled by {@code
 * experiments/scripts/fetch-mnist.sh DIR}) and {@code -Dneuralode.fashion-mnist.dir=DIR} (e.g.
 * {@code /usr/share/datasets/fashion-mnist}). Skipped when the property is unset.
 */
class MnistRealDataTest {

    private static Path folder(String property) {
        String value = System.getProperty(property);
        assumeTrue(value != null && !value.isBlank(), property + " is not set");
        return Path.of(value);
    }

    @Test
    void mnistTrainHas60000ImagesAndStartsWithAFive() throws IOException {
        Path folder = folder("neuralode.mnist.dir");
        IdxData train = IdxData.read(folder, Dataset.Usage.TRAIN, Long.MAX_VALUE, MnistKind.MNIST);
        assertEquals(60000, train.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(5, train.labels()[0]);
        IdxData test = IdxData.read(folder, Dataset.Usage.TEST, Long.MAX_VALUE, MnistKind.MNIST);
        assertEquals(10000, test.count());
        assertEquals(7, test.labels()[0]);
    }

    @Test
    void mnistDatasetOfTheFirstThousandImages() throws Exception {
        Path folder = folder("neuralode.mnist.dir");
        try (NDManager manager = NDManager.newBaseManager();
                MnistDataset dataset =
                        MnistDataset.builder()
                                .setFolder(folder)
                                .optLimit(1000)
                                .optFlatten(true)
                                .setSampling(100, false)
                                .optManager(manager)
                                .build()) {
            dataset.prepare();
            assertEquals(1000, dataset.size());
            assertEquals(new Shape(784), dataset.exampleShape());
            assertEquals(5f, dataset.get(manager, 0).getLabels().singletonOrThrow().getFloat());
        }
    }

    @Test
    void fullMnistTrainDatasetHoldsEveryImage() throws Exception {
        Path folder = folder("neuralode.mnist.dir");
        try (NDManager manager = NDManager.newBaseManager();
                MnistDataset dataset =
                        MnistDataset.builder()
                                .setFolder(folder)
                                .setSampling(60, true)
                                .optManager(manager)
                                .build()) {
            dataset.prepare();
            assertEquals(60000, dataset.size());
            assertEquals(new Shape(1, 28, 28), dataset.exampleShape());
        }
    }

    @Test
    void fashionMnistTrainStartsWithAnAnkleBoot() throws IOException {
        Path folder = folder("neuralode.fashion-mnist.dir");
        IdxData train =
                IdxData.read(folder, Dataset.Usage.TRAIN, Long.MAX_VALUE, MnistKind.FASHION_MNIST);
        assertEquals(60000, train.count());
        assertEquals(9, train.labels()[0]);
    }
}
