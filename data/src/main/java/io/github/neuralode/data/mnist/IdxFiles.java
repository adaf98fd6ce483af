package io.github.neuralode.data.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Finds and reads idx files of unsigned bytes, the format of MNIST and Fashion-MNIST, plain or
 * gzipped.
 *
 * <p>Format (all header integers big-endian int32): the magic number {@code 0x0800 + d} (type
 * 0x08, unsigned byte; {@code d} dimensions), then {@code d} sizes, then the product of the sizes
 * in bytes, row-major. Images are idx3, magic {@value #IMAGES_MAGIC}, sizes {@code (count, rows,
 * cols)}, 16 header bytes; labels are idx1, magic {@value #LABELS_MAGIC}, size {@code (count)}, 8
 * header bytes. A file must be exactly as long as its header says (after decompression for
 * {@code .gz}); anything else is reported as an {@link IdxFormatException}.
 */
public final class IdxFiles {

    /** Magic number of an idx3 file of unsigned bytes (images). */
    public static final int IMAGES_MAGIC = 2051;

    /** Magic number of an idx1 file of unsigned bytes (labels). */
    public static final int LABELS_MAGIC = 2049;

    private static final int UNSIGNED_BYTE_TYPE = 0x0800;
    private static final String GZIP_SUFFIX = ".gz";

    private IdxFiles() {}

    /**
     * Finds an idx file: {@code file} itself if it exists, otherwise {@code file.gz}.
     *
     * @param file the uncompressed file's path, e.g. {@code folder/train-images-idx3-ubyte}; a path
     *     already ending in {@code .gz} is used as it is
     * @param kind which set the file belongs to, for the hint in the error message
     * @return the existing path, plain or gzipped
     * @throws NoSuchFileException if neither exists; the message names both paths and the command
     *     that fetches the data
     */
    public static Path locate(Path file, MnistKind kind) throws NoSuchFileException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path gzipped = file.resolveSibling(file.getFileName() + GZIP_SUFFIX);
        if (!file.toString().endsWith(GZIP_SUFFIX) && Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        Path folder = file.toAbsolutePath().getParent();
        throw new NoSuchFileException(
                file.toString(),
                null,
                kind.displayName() + " file not found (nor " + gzipped.getFileName() + "). "
                        + kind.fetchHint(folder));
    }

    /**
     * Locates and reads an idx file of unsigned bytes with {@code dimensions} dimensions, checking
     * the magic number and that the length matches the header.
     *
     * @param file the uncompressed file's path (see {@link #locate})
     * @param dimensions 3 for images, 1 for labels
     * @param kind which set the file belongs to, for the hints in error messages
     * @return the shape and values
     * @throws NoSuchFileException if neither {@code file} nor {@code file.gz} exists
     * @throws IdxFormatException if the magic number, header or length is wrong, or a {@code .gz}
     *     does not decompress
     * @throws IOException if reading fails
     */
    public static IdxArray read(Path file, int dimensions, MnistKind kind) throws IOException {
        if (dimensions < 1 || dimensions > 255) {
            throw new IllegalArgumentException("dimensions must be in 1 to 255, got " + dimensions);
        }
        Path found = locate(file, kind);
        byte[] bytes = readBytes(found, kind);
        int headerBytes = 4 + 4 * dimensions;
        if (bytes.length < headerBytes) {
            throw new IdxFormatException(
                    found + " is truncated: it has " + bytes.length + lengthNote(found)
                            + " bytes, fewer than the " + headerBytes + "-byte idx"
                            + dimensions + " header. " + refetch(found, kind));
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, headerBytes);
        checkMagic(found, header.getInt(), dimensions, kind);
        int[] shape = new int[dimensions];
        long values = 1;
        for (int d = 0; d < dimensions; d++) {
            shape[d] = header.getInt();
            if (shape[d] < 0) {
                throw new IdxFormatException(
                        found + ": header size " + d + " is negative (" + shape[d]
                                + "); the file is damaged. " + refetch(found, kind));
            }
            values *= shape[d];
            if (values > Integer.MAX_VALUE - headerBytes) {
                throw new IdxFormatException(
                        found + ": header sizes describe more than 2^31 bytes, too large to read"
                                + " into one array; the file is damaged or not MNIST-sized.");
            }
        }
        checkLength(found, bytes.length, headerBytes + values, shape, kind);
        return new IdxArray(found, shape, bytes, headerBytes);
    }

    private static byte[] readBytes(Path found, MnistKind kind) throws IOException {
        if (!found.toString().endsWith(GZIP_SUFFIX)) {
            return Files.readAllBytes(found);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(found), 1 << 16)) {
            return in.readAllBytes();
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(
                    found + " does not decompress (" + e.getMessage()
                            + "); the download is damaged or truncated. " + refetch(found, kind),
                    e);
        }
    }

    private static void checkMagic(Path found, int magic, int dimensions, MnistKind kind)
            throws IdxFormatException {
        int expected = UNSIGNED_BYTE_TYPE + dimensions;
        if (magic == expected) {
            return;
        }
        String swapped =
                (expected == IMAGES_MAGIC && magic == LABELS_MAGIC)
                                || (expected == LABELS_MAGIC && magic == IMAGES_MAGIC)
                        ? " It looks like an images file was given for labels or the reverse."
                        : "";
        throw new IdxFormatException(
                found + " is not an idx" + dimensions + " file of unsigned bytes: magic number "
                        + magic + ", expected " + expected + "." + swapped + " "
                        + refetch(found, kind));
    }

    private static void checkLength(
            Path found, long actual, long expected, int[] shape, MnistKind kind)
            throws IdxFormatException {
        if (actual == expected) {
            return;
        }
        StringBuilder sizes = new StringBuilder();
        for (int size : shape) {
            sizes.append(sizes.length() == 0 ? "" : " x ").append(size);
        }
        throw new IdxFormatException(
                found + (actual < expected ? " is truncated" : " is longer than its header says")
                        + ": the header promises " + sizes + " bytes, so " + expected
                        + " bytes in all, but the file has " + actual + lengthNote(found)
                        + " bytes. " + refetch(found, kind));
    }

    private static String lengthNote(Path found) {
        return found.toString().endsWith(GZIP_SUFFIX) ? " decompressed" : "";
    }

    private static String refetch(Path found, MnistKind kind) {
        return "Fetch it again. " + kind.fetchHint(found.toAbsolutePath().getParent());
    }
}
