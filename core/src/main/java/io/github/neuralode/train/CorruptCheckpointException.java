package io.github.neuralode.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown when a file of a checkpoint cannot be read back: a tensor file that does not match the
 * SHA-256 recorded for it, cannot be decoded or is missing, or a {@code checkpoint.json} that is
 * empty or not valid JSON. The message names the file, says how to move its folder aside and
 * names the earlier checkpoint the run then continues from ({@link #getFallback()}).
 */
public final class CorruptCheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final transient Path fallback;

    /**
     * Creates the exception.
     *
     * @param message the explanation and what to do
     * @param file the corrupt file
     * @param fallback the folder of the checkpoint a resume picks once the corrupt one is moved
     *     aside, or null if none is left
     * @param cause the decoding or parsing failure, or null
     */
    public CorruptCheckpointException(String message, Path file, Path fallback, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.fallback = fallback;
    }

    /**
     * Returns the corrupt file.
     *
     * @return its path, inside the corrupt checkpoint's folder
     */
    public Path getFile() {
        return file;
    }

    /**
     * Returns the checkpoint a resume continues from once the corrupt one is moved aside.
     *
     * @return its folder, or empty if no other complete checkpoint is left
     */
    public Optional<Path> getFallback() {
        return Optional.ofNullable(fallback);
    }
}
