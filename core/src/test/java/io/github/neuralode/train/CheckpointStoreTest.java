package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

class CheckpointStoreTest {

    private static Block linear(NDManager manager) {
        Block block = Linear.builder().setUnits(3).build();
        block.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
        return block;
    }

    @Test
    void roundTripIntoAFreshBlockSurvivesAnInterruptedWrite(@TempDir Path tmp)
            throws IOException {
        CheckpointStore store = new CheckpointStore(tmp);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = linear(manager);
            Adam adam = Adam.builder().build();
            NDArray weight = saved.getParameters().get(0).getValue().getArray();
            String weightId = saved.getParameters().get(0).getValue().getId();
            adam.update(weightId, weight, weight.onesLike());
            double[] expectedWeight = weight.toDoubleArray();
            EpochMetrics epoch = new EpochMetrics(4, 40, Map.of("train_loss", 0.25));
            store.save(
                    CheckpointStore.Kind.LATEST,
                    new Checkpoint(null, 4, 40, 7, List.of(epoch)),
                    saved,
                    adam);
            // a kill in the middle of the next save leaves a partial folder behind
            Files.createDirectories(tmp.resolve(".writing-123"));
            Files.writeString(tmp.resolve(".writing-123").resolve("parameters.ndlist"), "junk");

            Block fresh = linear(manager);
            Adam restored = Adam.builder().build();
            Checkpoint loaded =
                    store.load(CheckpointStore.Kind.LATEST, fresh, restored, manager);
            NDArray freshWeight = fresh.getParameters().get(0).getValue().getArray();
            assertArrayEquals(expectedWeight, freshWeight.toDoubleArray(), 0.0);
            assertEquals(4, loaded.epoch());
            assertEquals(40, loaded.iterations());
            assertEquals(7, loaded.seed());
            assertEquals(0.25, loaded.history().get(0).get("train_loss"), 0.0);

            // the second Adam step from the restored state equals the one from the original
            String freshId = fresh.getParameters().get(0).getValue().getId();
            adam.update(weightId, weight, weight.onesLike());
            restored.update(freshId, freshWeight, freshWeight.onesLike());
            assertArrayEquals(weight.toDoubleArray(), freshWeight.toDoubleArray(), 0.0);

            store.save(
                    CheckpointStore.Kind.LATEST,
                    new Checkpoint(null, 5, 50, 7, List.of(epoch)),
                    saved,
                    adam);
            assertFalse(Files.exists(tmp.resolve(".writing-123")), "stale folders are removed");
        }
    }

    @Test
    void aSecondStoreOnALockedFolderIsRefusedUntilTheFirstCloses(@TempDir Path tmp) {
        CheckpointStore second = new CheckpointStore(tmp);
        try (NDManager manager = NDManager.newBaseManager();
                CheckpointStore first = new CheckpointStore(tmp).lock()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, second::lock);
            assertTrue(
                    refused.getMessage().startsWith("the checkpoint folder " + tmp + " is in use"),
                    refused.getMessage());
            // a save takes the lock for its own duration, so it is refused as well
            Checkpoint checkpoint = new Checkpoint(null, 1, 1, 7, List.of());
            Block block = linear(manager);
            assertThrows(
                    IllegalStateException.class,
                    () -> second.save(CheckpointStore.Kind.LATEST, checkpoint, block, null));
            assertFalse(second.exists(CheckpointStore.Kind.LATEST));
        }
        second.lock();
        second.close();
    }

    @Test
    void checkpointFoldersAndFilesGetThePermissionsTheUmaskGives(@TempDir Path tmp)
            throws IOException {
        Set<PosixFilePermission> plainFolder =
                Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain-folder")));
        Set<PosixFilePermission> plainFile =
                Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain-file")));
        Path root = tmp.resolve("checkpoints");
        Checkpoint saved;
        try (NDManager manager = NDManager.newBaseManager()) {
            saved =
                    new CheckpointStore(root)
                            .save(
                                    CheckpointStore.Kind.LATEST,
                                    new Checkpoint(null, 1, 1, 7, List.of()),
                                    linear(manager),
                                    Adam.builder().build());
        }
        assertEquals(plainFolder, Files.getPosixFilePermissions(root));
        assertEquals(plainFolder, Files.getPosixFilePermissions(saved.folder()));
        try (Stream<Path> files = Files.list(saved.folder())) {
            for (Path file : files.toList()) {
                assertEquals(plainFile, Files.getPosixFilePermissions(file), file.toString());
            }
        }
        assertEquals(plainFile, Files.getPosixFilePermissions(root.resolve(".lock")));
    }
}
