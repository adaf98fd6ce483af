package io.github.neuralode.experiments.anode;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a small MNIST-shaped data folder for command tests: the four idx files with {@code count}
 * images of 28x28 pixels each. Each image is a noisy copy of its class's fixed random pattern, so
 * a classifier can learn the classes within a few iterations.
 */
final class IdxFixture {

    private IdxFixture() {}

    static Path write(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(3);
        byte[][] patterns = new byte[10][784];
        for (byte[] pattern : patterns) {
            random.nextBytes(pattern);
        }
        for (String split : new String[] {"train", "t10k"}) {
            byte[] pixels = new byte[count * 784];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                int label = random.nextInt(10);
                labels[i] = (byte) label;
                for (int p = 0; p < 784; p++) {
                    int noisy = (patterns[label][p] & 0xff) + random.nextInt(41) - 20;
                    pixels[i * 784 + p] = (byte) Math.max(0, Math.min(255, noisy));
                }
            }
            try (DataOutputStream out = new DataOutputStream(
                    Files.newOutputStream(folder.resolve(split + "-images-idx3-ubyte")))) {
                out.writeInt(2051);
                out.writeInt(count);
                out.writeInt(28);
                out.writeInt(28);
                out.write(pixels);
            }
            try (DataOutputStream out = new DataOutputStream(
                    Files.newOutputStream(folder.resolve(split + "-labels-idx1-ubyte")))) {
                out.writeInt(2049);
                out.writeInt(count);
                out.write(labels);
            }
        }
        return folder;
    }
}
