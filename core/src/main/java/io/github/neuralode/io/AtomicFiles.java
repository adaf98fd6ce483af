package io.github.neuralode.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: the content goes to a temporary sibling first, which is then renamed
 * over the target. A reader (or a run that was killed mid-write) sees either the old file or the
 * complete new one, never a partial file. Every result, metric, plot and checkpoint pointer of the
 * library is written this way.
 *
 * <p>Permissions: files and folders are created the ordinary way, so the process umask decides
 * their mode (0644 and 0755 with the usual umask 022), not the owner-only mode of Java's
 * temporary-file helpers: what a container running as root writes stays readable on the host.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes a temporary file; {@link AtomicFiles#write} then moves it into place. */
    @FunctionalInterface
    public interface Writer {

        /**
         * Writes the content to the given (temporary) file.
         *
         * @param temporary the file to write
         * @throws IOException if writing fails
         */
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes UTF-8 text atomically.
     *
     * @param target the file to write (its folder is created if missing)
     * @param text the content
     * @return the target
     * @throws IOException if writing fails
     */
    public static Path writeString(Path target, String text) throws IOException {
        return write(target, temporary -> Files.writeString(temporary, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes a file atomically with any writer.
     *
     * @param target the file to write (its folder is created if missing)
     * @param writer writes the content to the temporary file it is given (same extension as the
     *     target)
     * @return the target
     * @throws IOException if writing fails
     */
    public static Path write(Path target, Writer writer) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String suffix = dot > 0 ? name.substring(dot) : ".tmp";
        Path temporary = createUnique(folder, "." + name + "-", suffix, false);
        try {
            writer.writeTo(temporary);
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    /**
     * Creates a new, empty file or folder with a random name that no other writer uses, with the
     * permissions the process umask gives (unlike {@link Files#createTempFile}, which makes it
     * readable by the owner only).
     *
     * @param folder the existing folder to create it in
     * @param prefix the start of its name
     * @param suffix the end of its name
     * @param directory {@code true} for a folder, {@code false} for a file
     * @return the created path
     * @throws IOException if it cannot be created
     */
    public static Path createUnique(Path folder, String prefix, String suffix, boolean directory)
            throws IOException {
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path candidate = folder.resolve(prefix + random + suffix);
            try {
                return directory ? Files.createDirectory(candidate) : Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // Another writer drew the same name: draw again.
            }
        }
    }
}
