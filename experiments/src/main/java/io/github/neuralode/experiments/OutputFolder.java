package io.github.neuralode.experiments;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a command's {@code --out} folder before the command starts its work, so that a folder
 * that cannot receive results fails in a second instead of after an hour of training: the folder
 * is created if missing, then a probe file is created in it and deleted again. Nothing else in the
 * folder is touched.
 */
final class OutputFolder {

    private OutputFolder() {}

    /**
     * Creates the folder if missing and probes that files can be created in it.
     *
     * @param folder the {@code --out} folder
     * @return why the folder cannot receive files, or empty if it can
     */
    static Optional<String> problem(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            return Optional.of("cannot create the folder (" + cause(e) + ")");
        }
        try {
            Files.delete(Files.createTempFile(folder, ".write-probe-", ".tmp"));
        } catch (IOException e) {
            return Optional.of("cannot create a file in it (" + cause(e) + ")");
        }
        return Optional.empty();
    }

    /** The operating system's reason, e.g. "Read-only file system", or the exception's name. */
    private static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getClass().getSimpleName();
    }
}
