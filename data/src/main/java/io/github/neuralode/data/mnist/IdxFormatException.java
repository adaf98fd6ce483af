package io.github.neuralode.data.mnist;

import java.io.IOException;

/**
 * An idx file whose content does not match the format: wrong magic number, a header that does not
 * fit, a length other than the header promises (a truncated download), images and labels that
 * disagree on the count, or a {@code .gz} file that does not decompress. The message names the
 * file, what was expected and what was found, and how to fetch the data again.
 */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file and the fix
     */
    public IdxFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the error that revealed it.
     *
     * @param message what is wrong, naming the file and the fix
     * @param cause the decompression or read error underneath
     */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
