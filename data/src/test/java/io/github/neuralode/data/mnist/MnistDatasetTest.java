package io.github.neuralode.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL dataset over the fixture: shapes, values, limit and batching. */
class MnistDatasetTest {

    @TempDir Path folder;

    @Test
    void firstBatchHoldsImagesOver255AndFloatLabels() throws IOException, TranslateException {
        IdxFixture.writeTrain(folder);
        try (NDManager manager = NDManager.newBaseManager();
                MnistDataset dataset =
                        MnistDataset.builder()
                                .setFolder(folder)
                                .setSampling(2, false)
                                .optManager(manager)
                                .build()) {
            assertEquals(5, dataset.size());
            assertEquals(new Shape(1, 4, 3), dataset.exampleShape());
            Iterator<Batch> batches = dataset.getData(manager).iterator();
            try (Batch batch = batches.next()) {
                NDList data = batch.getData();
                NDList labels = batch.getLabels();
                assertEquals(new Shape(2, 1, 4, 3), data.singletonOrThrow().getShape());
                assertEquals(DataType.FLOAT32, data.singletonOrThrow().getDataType());
                assertEquals(new Shape(2), labels.singletonOrThrow().getShape());
                assertEquals(DataType.FLOAT32, labels.singletonOrThrow().getDataType());
                assertArrayEquals(new float[] {5, 0}, labels.singletonOrThrow().toFloatArray());
                float[] pixels = data.singletonOrThrow().toFloatArray();
                for (int i = 0; i < 2; i++) {
                    for (int p = 0; p < 12; p++) {
                        assertEquals(IdxFixture.pixel(i, p) / 255f, pixels[i * 12 + p]);
                    }
                }
            }
        }
    }

    @Test
    void flattenAndLimitGiveTheFirstExamplesAsRows() throws IOException, TranslateException {
        IdxFixture.writeTestGzipped(folder);
        try (NDManager manager = NDManager.newBaseManager();
                MnistDataset dataset =
                        MnistDataset.builder()
                                .setFolder(folder)
                                .optUsage(Dataset.Usage.TEST)
                                .optKind(MnistKind.FASHION_MNIST)
                                .optFlatten(true)
                                .optLimit(3)
                                .setSampling(10, false)
                                .optManager(manager)
                                .build()) {
            dataset.prepare();
            assertEquals(3, dataset.size());
            assertEquals(new Shape(12), dataset.exampleShape());
            try (Batch batch = dataset.getData(manager).iterator().next()) {
                assertEquals(new Shape(3, 12), batch.getData().singletonOrThrow().getShape());
                assertArrayEquals(
                        new float[] {5, 0, 4}, batch.getLabels().singletonOrThrow().toFloatArray());
                assertEquals(
                        IdxFixture.pixel(2, 11) / 255f,
                        batch.getData().singletonOrThrow().getFloat(2, 11));
            }
            assertTrue(dataset.toString().startsWith("Fashion-MNIST TEST"), dataset.toString());
        }
    }

    @Test
    void missingFilesAreReportedWhenPreparing() {
        try (MnistDataset dataset =
                MnistDataset.builder().setFolder(folder).setSampling(2, true).build()) {
            NoSuchFileException e = assertThrows(NoSuchFileException.class, dataset::prepare);
            assertTrue(e.getMessage().contains(folder.resolve(MnistFiles.TRAIN_IMAGES).toString()));
            assertTrue(e.getMessage().contains("fetch-mnist.sh"), e.getMessage());
        }
    }

    @Test
    void builderNamesTheMissingSetting() {
        IllegalArgumentException noFolder =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MnistDataset.builder().setSampling(2, true).build());
        assertTrue(noFolder.getMessage().contains("setFolder"), noFolder.getMessage());
        IllegalArgumentException noSampling =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> MnistDataset.builder().setFolder(folder).build());
        assertTrue(noSampling.getMessage().contains("setSampling"), noSampling.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        MnistDataset.builder()
                                .setFolder(folder)
                                .setSampling(2, true)
                                .optUsage(Dataset.Usage.VALIDATION)
                                .build());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        MnistDataset.builder()
                                .setFolder(folder)
                                .setSampling(2, true)
                                .optLimit(0)
                                .build());
    }
}
