package io.github.neuralode.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code checkpoint.json} of a checkpoint folder.
 *
 * <p>Version 2 (written now): format version, run id, time written (ISO-8601 UTC), epoch,
 * iterations, seed, the {@link RunDefinition} entries, the SHA-256 (hex) of each tensor file,
 * the metric history and the optimizer's step counters (keyed {@code name|device|slot}). Version
 * 1 (read only) lacks run id, time, definition and checksums.
 *
 * @param version the format version, 1 or 2
 * @param runId the id of the run that wrote the checkpoint (null in version 1)
 * @param writtenAt when it was written, ISO-8601 UTC (null in version 1)
 * @param epoch the number of finished epochs
 * @param iterations the number of training steps taken
 * @param seed the run's seed
 * @param definition the run definition's entries (null in version 1)
 * @param sha256 tensor file name to the SHA-256 of its content (null in version 1)
 * @param history the metrics of epochs 1 to {@code epoch}
 * @param optimizerCounters the optimizer's step counters
 */
record CheckpointMetadata(
        int version,
        String runId,
        String writtenAt,
        int epoch,
        long iterations,
        long seed,
        Map<String, String> definition,
        Map<String, String> sha256,
        List<EpochMetrics> history,
        Map<String, Long> optimizerCounters) {

    /** The format version written now. */
    static final int VERSION = 2;

    /** The file's name inside a checkpoint folder. */
    static final String FILE = "checkpoint.json";

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /**
     * Reads and checks the metadata of a checkpoint folder.
     *
     * @param folder the checkpoint folder
     * @return the metadata
     * @throws CheckpointCorruption if the file is missing, empty, not JSON or lacks a field
     * @throws IllegalStateException if it has a format version this library does not know
     * @throws UncheckedIOException if it exists but cannot be read
     */
    static CheckpointMetadata read(Path folder) throws CheckpointCorruption {
        Path file = folder.resolve(FILE);
        CheckpointMetadata metadata;
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            metadata = GSON.fromJson(json, CheckpointMetadata.class);
        } catch (NoSuchFileException e) {
            throw new CheckpointCorruption(file, "is missing", e);
        } catch (CharacterCodingException e) {
            throw new CheckpointCorruption(file, "is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new CheckpointCorruption(file, "is not valid JSON (" + reason + ")", e);
        }
        if (metadata == null) {
            throw new CheckpointCorruption(file, "is empty", null);
        }
        metadata.check(file);
        return metadata;
    }

    private void check(Path file) throws CheckpointCorruption {
        if (version == 0) {
            throw new CheckpointCorruption(file, "lacks the field version", null);
        }
        if (version > VERSION || version < 1) {
            throw new IllegalStateException(
                    "checkpoint "
                            + file
                            + " has format version "
                            + version
                            + ", which this library (version "
                            + VERSION
                            + ") cannot read: resume it with the library that wrote it");
        }
        require(history, "history", file);
        require(optimizerCounters, "optimizerCounters", file);
        if (version >= 2) {
            require(runId, "runId", file);
            require(definition, "definition", file);
            require(sha256, "sha256", file);
        }
    }

    private static void require(Object value, String field, Path file)
            throws CheckpointCorruption {
        if (value == null) {
            throw new CheckpointCorruption(file, "lacks the field " + field, null);
        }
    }

    /**
     * Writes the metadata into a checkpoint folder.
     *
     * @param folder the (temporary) checkpoint folder
     * @throws IOException if writing fails
     */
    void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE), GSON.toJson(this), StandardCharsets.UTF_8);
    }

    /**
     * Returns the run definition (unknown for version 1).
     *
     * @return the definition
     */
    RunDefinition runDefinition() {
        return definition == null ? RunDefinition.unknown() : new RunDefinition(definition);
    }

    /**
     * Returns the metadata as a {@link Checkpoint} of a folder.
     *
     * @param folder where the checkpoint lies
     * @return the checkpoint (run id null for version 1)
     */
    Checkpoint toCheckpoint(Path folder) {
        return new Checkpoint(folder, epoch, iterations, seed, history, runId, runDefinition());
    }
}
