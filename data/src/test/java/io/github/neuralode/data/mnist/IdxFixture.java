package io.github.neuralode.data.mnist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** A tiny idx pair, 5 images of 4 x 3 pixels and 5 labels, written plain or gzipped. */
final class IdxFixture {

    static final int COUNT = 5;
    static final int ROWS = 4;
    static final int COLS = 3;
    static final int[] LABELS = {5, 0, 4, 1, 9};

    private IdxFixture() {}

    /**
     * Pixel {@code p} (row-major) of image {@code i}: {@code 17 k mod 256} for the running index
     * {@code k}, 60 distinct bytes with 0 (image 0, pixel 0) and 255 (image 1, pixel 3).
     */
    static int pixel(int i, int p) {
        return (i * ROWS * COLS + p) * 17 % 256;
    }

    static byte[] imagesBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(16 + COUNT * ROWS * COLS);
        buffer.putInt(IdxFiles.IMAGES_MAGIC).putInt(COUNT).putInt(ROWS).putInt(COLS);
        for (int i = 0; i < COUNT; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                buffer.put((byte) pixel(i, p));
            }
        }
        return buffer.array();
    }

    static byte[] labelsBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(8 + COUNT);
        buffer.putInt(IdxFiles.LABELS_MAGIC).putInt(COUNT);
        for (int label : LABELS) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    /** Writes the training pair under the standard names, plain. */
    static void writeTrain(Path folder) throws IOException {
        Files.write(folder.resolve(MnistFiles.TRAIN_IMAGES), imagesBytes());
        Files.write(folder.resolve(MnistFiles.TRAIN_LABELS), labelsBytes());
    }

    /** Writes the test pair under the standard names with {@code .gz}. */
    static void writeTestGzipped(Path folder) throws IOException {
        gzip(folder.resolve(MnistFiles.TEST_IMAGES + ".gz"), imagesBytes());
        gzip(folder.resolve(MnistFiles.TEST_LABELS + ".gz"), labelsBytes());
    }

    static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }
}
