package io.github.neuralode.experiments.lookahead;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.github.neuralode.experiments.Results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code run.json} that a fresh {@code lookahead} run writes at the top of its {@code spiral/}
 * folder before any fit starts: it marks the folder as that run's and records what must match
 * when {@code --resume DIR} continues it (seed, {@code --quick}, spiral epochs). The fits'
 * checkpoints lie in {@code spiral/adam/checkpoints} and {@code
 * spiral/lookahead_adam/checkpoints}.
 *
 * @param command always {@code lookahead}
 * @param seed the run's {@code --seed}
 * @param quick whether the run had {@code --quick}
 * @param spiralEpochs the epochs of each spiral fit (20 with {@code --quick}, else 300)
 */
record SpiralRunFile(String command, long seed, boolean quick, int spiralEpochs) {

    /** The file's name inside the spiral folder. */
    static final String FILE = "run.json";

    private static final String COMMAND = "lookahead";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Describes this invocation.
     *
     * @param seed the {@code --seed}
     * @param quick whether {@code --quick} was given
     * @param spiralEpochs the epochs of each spiral fit
     * @return the description
     */
    static SpiralRunFile of(long seed, boolean quick, int spiralEpochs) {
        return new SpiralRunFile(COMMAND, seed, quick, spiralEpochs);
    }

    /**
     * Starts a fresh run's spiral folder: refuses one that already holds a run, else writes this
     * file into it.
     *
     * @param spiral the {@code spiral/} folder under {@code --out}
     * @throws IllegalStateException if the folder already holds a {@code run.json}
     * @throws UncheckedIOException if the file cannot be written
     */
    void start(Path spiral) {
        Path file = spiral.resolve(FILE);
        if (Files.exists(file)) {
            throw new IllegalStateException(
                    spiral
                            + " already holds a lookahead run ("
                            + file
                            + "): continue it with --resume "
                            + spiral
                            + ", or choose another --out folder");
        }
        try {
            Results.writeAtomically(file, GSON.toJson(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Checks that {@code --resume DIR} names the spiral folder of an earlier run with the same
     * seed, {@code --quick} and spiral epochs as this invocation.
     *
     * @param dir the {@code --resume} folder
     * @throws IllegalArgumentException naming DIR, what was expected there and, if found, the
     *     folder probably meant, or naming each setting that differs
     */
    void checkResumes(Path dir) {
        SpiralRunFile earlier = read(dir);
        List<String> differences = new ArrayList<>();
        if (earlier.seed != seed) {
            differences.add("--seed " + earlier.seed + " vs " + seed + " now");
        }
        if (earlier.quick != quick || earlier.spiralEpochs != spiralEpochs) {
            differences.add(
                    variant(earlier.quick, earlier.spiralEpochs)
                            + " vs "
                            + variant(quick, spiralEpochs)
                            + " now");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(
                    "--resume "
                            + dir
                            + " was written by a run with other options ("
                            + String.join("; ", differences)
                            + "): resume with the same --seed and --quick");
        }
    }

    private static String variant(boolean quick, int epochs) {
        return (quick ? "--quick" : "no --quick") + " (" + epochs + " spiral epochs)";
    }

    private static SpiralRunFile read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "--resume "
                            + dir
                            + " is not the spiral/ folder of an earlier lookahead run: expected "
                            + file
                            + ", which every run writes at its start"
                            + guess(dir).map(g -> "; did you mean --resume " + g + "?").orElse(""));
        }
        SpiralRunFile read;
        try {
            read = GSON.fromJson(Files.readString(file), SpiralRunFile.class);
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException(
                    "--resume " + dir + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        if (read == null || !COMMAND.equals(read.command)) {
            throw new IllegalArgumentException(
                    "--resume "
                            + dir
                            + ": "
                            + file
                            + " is not the run.json of a lookahead run (command "
                            + (read == null ? "missing" : read.command)
                            + ")");
        }
        return read;
    }

    /** The folder below (DIR/spiral) or above (up to two levels) DIR that holds a run.json. */
    private static Optional<Path> guess(Path dir) {
        Path below = dir.resolve("spiral");
        if (Files.isRegularFile(below.resolve(FILE))) {
            return Optional.of(below);
        }
        Path above = dir.toAbsolutePath().normalize().getParent();
        for (int level = 0; level < 2 && above != null; level++, above = above.getParent()) {
            if (Files.isRegularFile(above.resolve(FILE))) {
                return Optional.of(above);
            }
        }
        return Optional.empty();
    }
}
