package io.github.neuralode.data.mnist;

import java.nio.file.Path;

/**
 * Which idx image set a folder holds: the handwritten digits of MNIST or Zalando's Fashion-MNIST.
 * Both use the same four file names and the same format (28 x 28 greyscale images, labels 0 to
 * 9); the kind only changes the dataset's name and the hint printed when files are missing or
 * damaged.
 */
public enum MnistKind {

    /** LeCun, Cortes and Burges' handwritten digits, fetched by {@code fetch-mnist.sh}. */
    MNIST("MNIST"),

    /**
     * Xiao, Rasul and Vollgraf's Fashion-MNIST, installed gzipped in {@code
     * /usr/share/datasets/fashion-mnist} by the Debian package {@code dataset-fashion-mnist}.
     */
    FASHION_MNIST("Fashion-MNIST");

    /** Where the Debian package {@code dataset-fashion-mnist} puts its four {@code .gz} files. */
    public static final Path FASHION_MNIST_SYSTEM_FOLDER =
            Path.of("/usr/share/datasets/fashion-mnist");

    private final String displayName;

    MnistKind(String displayName) {
        this.displayName = displayName;
    }

    /**
     * Returns the name used in dataset descriptions and error messages.
     *
     * @return {@code "MNIST"} or {@code "Fashion-MNIST"}
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Returns how to put this set's idx files into a folder, for error messages.
     *
     * @param folder the folder the reader looked in
     * @return one sentence naming the command to run
     */
    public String fetchHint(Path folder) {
        if (this == MNIST) {
            return "Get MNIST with: experiments/scripts/fetch-mnist.sh " + folder;
        }
        return "Get Fashion-MNIST with: apt-get install dataset-fashion-mnist (it installs the"
                + " gzipped files in " + FASHION_MNIST_SYSTEM_FOLDER + "; point the reader there)";
    }
}
