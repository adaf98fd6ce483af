package io.github.neuralode.train;

import java.nio.file.Path;

/**
 * A file of a checkpoint folder that cannot be read back, found by {@link CheckpointMetadata} or
 * {@link CheckpointTensors}; {@link CheckpointStore} turns it into a {@link
 * CorruptCheckpointException} that also names the checkpoint to fall back to.
 */
final class CheckpointCorruption extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the signal.
     *
     * @param file the unreadable file
     * @param problem what is wrong with it, in words
     * @param cause the parsing or decoding failure, or null
     */
    CheckpointCorruption(Path file, String problem, Throwable cause) {
        super(problem, cause);
        this.file = file;
    }

    /**
     * Returns the unreadable file.
     *
     * @return its path
     */
    Path getFile() {
        return file;
    }
}
