package io.github.neuralode.experiments;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The options every experiment command shares ({@code --quick}, {@code --seed}, {@code --out}),
 * mixed into each command with {@code @Mixin}. {@link NeuralOdeCli} checks the {@code --out}
 * folder of every command that has these options before the command runs, and writes {@code
 * error.log} there when it fails.
 */
public final class ExperimentOptions {

    @Option(
            names = "--quick",
            description = "Run a reduced version that finishes in about a minute (smoke tests).")
    boolean quick;

    @Option(
            names = "--seed",
            description =
                    "Seed of every random number generator, any 64-bit integer (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--out",
            description = "Output folder for results.json, CSVs and PNGs (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out");

    /**
     * Returns whether the reduced smoke-test variant was asked for.
     *
     * @return {@code true} for {@code --quick}
     */
    public boolean quick() {
        return quick;
    }

    /**
     * Returns the seed of every random number generator.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the output folder.
     *
     * @return the folder that receives results.json, CSVs and PNGs
     */
    public Path out() {
        return out;
    }

    /**
     * Returns the shared options mixed into a command, if it has them.
     *
     * @param command the command
     * @return its {@code ExperimentOptions} mixin, or empty
     */
    static Optional<ExperimentOptions> of(CommandSpec command) {
        return command.mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(ExperimentOptions.class::isInstance)
                .map(ExperimentOptions.class::cast)
                .findFirst();
    }
}
