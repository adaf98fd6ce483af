package io.github.neuralode.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an images and labels pair into Java arrays. */
class IdxDataTest {

    @TempDir Path folder;

    @Test
    void readGivesPixelsOver255AndLabelsInFileOrder() throws IOException {
        IdxFixture.writeTrain(folder);
        IdxData data =
                IdxData.read(
                        folder.resolve(MnistFiles.TRAIN_IMAGES),
                        folder.resolve(MnistFiles.TRAIN_LABELS),
                        Long.MAX_VALUE);
        assertEquals(5, data.count());
        assertEquals(4, data.rows());
        assertEquals(3, data.cols());
        assertArrayEquals(IdxFixture.LABELS, data.labels());
        // Image 2, row 1, column 2: pixel index (2 * 4 + 1) * 3 + 2.
        assertEquals(IdxFixture.pixel(2, 1 * 3 + 2) / 255f, data.pixels()[(2 * 4 + 1) * 3 + 2]);
    }

    @Test
    void limitKeepsTheFirstExamplesInFileOrder() throws IOException {
        IdxFixture.writeTestGzipped(folder);
        IdxData first = IdxData.read(folder, Dataset.Usage.TEST, 2, MnistKind.MNIST);
        IdxData all = IdxData.read(folder, Dataset.Usage.TEST, 1000, MnistKind.MNIST);
        assertArrayEquals(new int[] {5, 0}, first.labels());
        assertArrayEquals(Arrays.copyOf(all.pixels(), 24), first.pixels());
        assertEquals(5, all.count());
        assertThrows(
                IllegalArgumentException.class,
                () -> IdxData.read(folder, Dataset.Usage.TEST, 0, MnistKind.MNIST));
    }

    @Test
    void differentCountsOfImagesAndLabelsAreReported() throws IOException {
        IdxFixture.writeTrain(folder);
        ByteBuffer labels = ByteBuffer.allocate(8 + 4);
        labels.putInt(IdxFiles.LABELS_MAGIC).putInt(4).put(new byte[] {1, 2, 3, 4});
        Files.write(folder.resolve(MnistFiles.TRAIN_LABELS), labels.array());
        IdxFormatException e =
                assertThrows(
                        IdxFormatException.class,
                        () -> IdxData.read(folder, Dataset.Usage.TRAIN, 10, MnistKind.MNIST));
        assertTrue(e.getMessage().contains("holds 5 images but"), e.getMessage());
        assertTrue(e.getMessage().contains("holds 4 labels"), e.getMessage());
    }

    @Test
    void validationUsageIsRefusedWithTheFix() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> IdxData.read(folder, Dataset.Usage.VALIDATION, 10, MnistKind.MNIST));
        assertTrue(e.getMessage().contains("randomSplit"), e.getMessage());
    }

    @Test
    void recordRejectsArraysThatDisagree() {
        assertThrows(
                IllegalArgumentException.class, () -> new IdxData(new float[11], new int[1], 4, 3));
    }
}
