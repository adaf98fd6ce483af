package io.github.neuralode.train;

import static io.github.neuralode.train.CheckpointRuns.EPOCHS;
import static io.github.neuralode.train.CheckpointRuns.folderStartingWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A corrupt newest checkpoint is reported naming the file, and the run resumes from the previous
 * checkpoint (kept for that purpose) once the corrupt folder is moved aside as the message says.
 */
class CorruptCheckpointTest {

    private static final int NO_KILL = Integer.MAX_VALUE;

    /** Ways the newest checkpoint gets damaged, and what the message then says. */
    enum Damage {
        /** parameters.ndlist cut in half. */
        TRUNCATED_PARAMETERS("parameters.ndlist", "does not match the SHA-256"),
        /** 16 bytes in the middle of optimizer.ndlist overwritten. */
        GARBLED_OPTIMIZER("optimizer.ndlist", "does not match the SHA-256"),
        /** The start of checkpoint.json overwritten. */
        GARBLED_METADATA("checkpoint.json", "is not valid JSON"),
        /** parameters.ndlist cut in half in a version-1 checkpoint, which has no checksums. */
        TRUNCATED_VERSION_ONE_PARAMETERS("parameters.ndlist", "cannot be decoded as an NDList");

        private final String file;
        private final String problem;

        Damage(String file, String problem) {
            this.file = file;
            this.problem = problem;
        }

        private void apply(Path folder) throws IOException {
            Path target = folder.resolve(file);
            byte[] bytes = Files.readAllBytes(target);
            switch (this) {
                case TRUNCATED_PARAMETERS, TRUNCATED_VERSION_ONE_PARAMETERS ->
                        bytes = Arrays.copyOf(bytes, bytes.length / 2);
                case GARBLED_OPTIMIZER ->
                        Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 16, (byte) 0x5a);
                case GARBLED_METADATA -> Arrays.fill(bytes, 0, 16, (byte) 'x');
            }
            if (this == TRUNCATED_VERSION_ONE_PARAMETERS) {
                Path metadata = folder.resolve("checkpoint.json");
                JsonObject json =
                        JsonParser.parseString(Files.readString(metadata)).getAsJsonObject();
                json.remove("sha256");
                json.remove("definition");
                json.remove("runId");
                json.addProperty("version", 1);
                Files.writeString(metadata, json.toString());
            }
            Files.write(target, bytes);
        }
    }

    /**
     * Runs the fixture with the best checkpoint kept at epoch 1 (the highest training loss), so
     * that the checkpoint before the newest periodic one is the previous periodic one.
     */
    private static FitResult run(Path folder, FitLoop.ResumeMode mode, int killAt) {
        return CheckpointRuns.run(
                folder,
                mode,
                CheckpointRuns::adam,
                killAt,
                b -> b.optBestMetric(MetricGoal.maximize("train_loss")));
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void corruptNewestCheckpointIsNamedAndTheRunContinuesFromThePreviousOne(
            Damage damage, @TempDir Path tmp) throws IOException {
        FitResult uninterrupted = run(tmp.resolve("a"), FitLoop.ResumeMode.NEVER, NO_KILL);
        Path folder = tmp.resolve("b");
        assertThrows(CheckpointRuns.Killed.class, () -> run(folder, FitLoop.ResumeMode.NEVER, 5));
        Path newest = folderStartingWith(folder, "epoch-0004");
        Path previous = folderStartingWith(folder, "epoch-0002");
        damage.apply(newest);

        CorruptCheckpointException error =
                assertThrows(
                        CorruptCheckpointException.class,
                        () -> run(folder, FitLoop.ResumeMode.IF_PRESENT, NO_KILL));

        Path file = newest.resolve(damage.file);
        assertEquals(file, error.getFile());
        String message = error.getMessage();
        assertTrue(message.startsWith("checkpoint file " + file + " " + damage.problem), message);
        assertTrue(message.contains("move the folder " + newest + " aside"), message);
        assertTrue(
                message.contains("the run continues from " + previous + " (epoch 2)"), message);
        assertEquals(previous, error.getFallback().orElseThrow());

        // as the message says: move the folder aside and resume again
        Files.move(newest, newest.resolveSibling(newest.getFileName() + ".corrupt"));
        FitResult resumed = run(folder, FitLoop.ResumeMode.IF_PRESENT, NO_KILL);
        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(EPOCHS, resumed.epochs());
        assertArrayEquals(uninterrupted.curve("train_loss"), resumed.curve("train_loss"), 0.0);
    }
}
