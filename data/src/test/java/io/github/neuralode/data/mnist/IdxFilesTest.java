package io.github.neuralode.data.mnist;

import static io.github.neuralode.data.mnist.MnistKind.FASHION_MNIST;
import static io.github.neuralode.data.mnist.MnistKind.MNIST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating and checking single idx files, against the fixture's known bytes. */
class IdxFilesTest {

    @TempDir Path folder;

    @Test
    void plainAndGzippedImagesGiveTheFixtureBytesOver255() throws IOException {
        IdxFixture.writeTrain(folder);
        IdxFixture.writeTestGzipped(folder);
        IdxArray plain = IdxFiles.read(folder.resolve(MnistFiles.TRAIN_IMAGES), 3, MNIST);
        IdxArray gzipped = IdxFiles.read(folder.resolve(MnistFiles.TEST_IMAGES), 3, MNIST);
        assertEquals(folder.resolve(MnistFiles.TEST_IMAGES + ".gz"), gzipped.file());
        for (IdxArray images : new IdxArray[] {plain, gzipped}) {
            assertArrayEquals(new int[] {5, 4, 3}, images.shape());
            assertEquals(12, images.itemSize());
            float[] values = images.unitFloats(5);
            assertEquals(60, values.length);
            for (int i = 0; i < 5; i++) {
                for (int p = 0; p < 12; p++) {
                    assertEquals(IdxFixture.pixel(i, p) / 255f, values[i * 12 + p], "image " + i);
                }
            }
            assertEquals(0f, values[0]);
            assertEquals(1f, values[15]);
        }
    }

    @Test
    void labelsAreUnsignedBytes() throws IOException {
        IdxFixture.writeTrain(folder);
        IdxArray labels = IdxFiles.read(folder.resolve(MnistFiles.TRAIN_LABELS), 1, MNIST);
        assertArrayEquals(new int[] {5}, labels.shape());
        assertArrayEquals(IdxFixture.LABELS, labels.unsignedInts(5));
        assertArrayEquals(new int[] {5, 0}, labels.unsignedInts(2));
        assertThrows(IllegalArgumentException.class, () -> labels.unsignedInts(6));
    }

    @Test
    void missingFileNamesThePathAndTheFetchScript() {
        Path missing = folder.resolve(MnistFiles.TRAIN_IMAGES);
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> IdxFiles.read(missing, 3, MNIST));
        assertMentions(e, missing.toString());
        assertMentions(e, "train-images-idx3-ubyte.gz");
        assertMentions(e, "experiments/scripts/fetch-mnist.sh " + folder);
    }

    @Test
    void missingFashionFileNamesTheDebianPackage() {
        Path missing = folder.resolve(MnistFiles.TEST_LABELS);
        NoSuchFileException e =
                assertThrows(
                        NoSuchFileException.class, () -> IdxFiles.locate(missing, FASHION_MNIST));
        assertMentions(e, "apt-get install dataset-fashion-mnist");
        assertMentions(e, "/usr/share/datasets/fashion-mnist");
    }

    @Test
    void truncatedFileNamesTheFileAndBothSizes() throws IOException {
        Path file = folder.resolve(MnistFiles.TRAIN_IMAGES);
        Files.write(file, Arrays.copyOf(IdxFixture.imagesBytes(), 70));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxFiles.read(file, 3, MNIST));
        assertTrue(e.getMessage().startsWith(file + " is truncated"), e.getMessage());
        assertMentions(e, "5 x 4 x 3 bytes, so 76 bytes");
        assertMentions(e, "the file has 70 bytes");
        assertMentions(e, "fetch-mnist.sh");
    }

    @Test
    void truncatedGzipCountsDecompressedBytes() throws IOException {
        Path file = folder.resolve(MnistFiles.TRAIN_LABELS + ".gz");
        IdxFixture.gzip(file, Arrays.copyOf(IdxFixture.labelsBytes(), 11));
        IdxFormatException e =
                assertThrows(
                        IdxFormatException.class,
                        () -> IdxFiles.read(folder.resolve(MnistFiles.TRAIN_LABELS), 1, MNIST));
        assertMentions(e, file.toString());
        assertMentions(e, "so 13 bytes in all, but the file has 11 decompressed");
    }

    @Test
    void cutGzipStreamIsReportedAsDamaged() throws IOException {
        Path file = folder.resolve(MnistFiles.TRAIN_IMAGES + ".gz");
        IdxFixture.gzip(file, IdxFixture.imagesBytes());
        byte[] gz = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxFiles.read(file, 3, MNIST));
        assertMentions(e, file + " does not decompress");
    }

    @Test
    void fileShorterThanTheHeaderIsTruncated() throws IOException {
        Path file = folder.resolve(MnistFiles.TRAIN_IMAGES);
        Files.write(file, Arrays.copyOf(IdxFixture.imagesBytes(), 10));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxFiles.read(file, 3, MNIST));
        assertMentions(e, "has 10 bytes, fewer than the 16-byte idx3 header");
    }

    @Test
    void longerFileThanTheHeaderSaysIsRejected() throws IOException {
        Path file = folder.resolve(MnistFiles.TRAIN_LABELS);
        Files.write(file, Arrays.copyOf(IdxFixture.labelsBytes(), 14));
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxFiles.read(file, 1, MNIST));
        assertMentions(e, "is longer than its header says");
        assertMentions(e, "13 bytes in all, but the file has 14");
    }

    @Test
    void labelsFileReadAsImagesReportsTheMagicNumbers() throws IOException {
        Path file = folder.resolve(MnistFiles.TRAIN_IMAGES);
        byte[] bytes = IdxFixture.imagesBytes();
        ByteBuffer.wrap(bytes).putInt(IdxFiles.LABELS_MAGIC);
        Files.write(file, bytes);
        IdxFormatException e =
                assertThrows(IdxFormatException.class, () -> IdxFiles.read(file, 3, MNIST));
        assertMentions(e, "magic number 2049, expected 2051");
        assertMentions(e, "images file was given for labels or the reverse");
        ByteBuffer.wrap(bytes).putInt(0x1f8b0808);
        Files.write(file, bytes);
        e = assertThrows(IdxFormatException.class, () -> IdxFiles.read(file, 3, MNIST));
        assertMentions(e, file + " is not an idx3 file");
    }

    @Test
    void plainFileIsPreferredOverGzip() throws IOException {
        IdxFixture.writeTrain(folder);
        Path plain = folder.resolve(MnistFiles.TRAIN_LABELS);
        IdxFixture.gzip(folder.resolve(MnistFiles.TRAIN_LABELS + ".gz"), IdxFixture.labelsBytes());
        assertEquals(plain, IdxFiles.locate(plain, MNIST));
        Path gz = folder.resolve(MnistFiles.TRAIN_LABELS + ".gz");
        assertEquals(gz, IdxFiles.locate(gz, MNIST));
    }

    /** Asserts that the message contains every part, showing the message otherwise. */
    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
