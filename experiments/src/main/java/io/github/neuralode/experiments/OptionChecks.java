package io.github.neuralode.experiments;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for numeric command-line options, called from the options' annotated setter
 * methods (picocli's custom validation), so that a bad value is refused while the command line is
 * parsed, before any work starts or any file is written. A refused value ends the run with
 * picocli's usage status ({@code CommandLine.ExitCode.USAGE}, 2) and a message that names the
 * option and its allowed range.
 */
public final class OptionChecks {

    /** The longest duration any time option accepts, in seconds: one day. */
    public static final int MAX_SECONDS = 86_400;

    private OptionChecks() {}

    /**
     * Returns an integer option's value if it lies in {@code [min, max]}.
     *
     * @param spec the command that owns the option
     * @param option the option's name as typed, e.g. {@code --iterations}
     * @param value the parsed value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     * @throws ParameterException if the value lies outside {@code [min, max]}
     */
    public static int requireInRange(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw outOfRange(spec, option, Integer.toString(value), min + ".." + max);
        }
        return value;
    }

    /**
     * Returns a floating-point option's value if it is finite and lies in {@code [min, max]}.
     *
     * @param spec the command that owns the option
     * @param option the option's name as typed, e.g. {@code --warmup}
     * @param value the parsed value (NaN and infinities are refused)
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     * @throws ParameterException if the value is not finite or lies outside {@code [min, max]}
     */
    public static double requireInRange(
            CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw outOfRange(spec, option, Double.toString(value), min + ".." + max);
        }
        return value;
    }

    /**
     * Returns a list option's values if each lies in {@code [min, max]}.
     *
     * @param spec the command that owns the option
     * @param option the option's name as typed, e.g. {@code --steps}
     * @param values the parsed values
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the values
     * @throws ParameterException if a value lies outside {@code [min, max]}
     */
    public static int[] requireAllInRange(
            CommandSpec spec, String option, int[] values, int min, int max) {
        for (int value : values) {
            requireInRange(spec, option, value, min, max);
        }
        return values;
    }

    /**
     * Returns a thread count if it lies in 1 .. the number of available processors.
     *
     * @param spec the command that owns the option
     * @param option the option's name as typed, e.g. {@code --threads}
     * @param value the parsed value
     * @return the value
     * @throws ParameterException if the value lies outside that range
     */
    public static int requireThreads(CommandSpec spec, String option, int value) {
        return requireInRange(spec, option, value, 1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Returns a duration in seconds if it is finite and lies in 0 .. {@link #MAX_SECONDS}.
     *
     * @param spec the command that owns the option
     * @param option the option's name as typed, e.g. {@code --hold}
     * @param seconds the parsed value
     * @return the value
     * @throws ParameterException if the value is not finite or lies outside that range
     */
    public static double requireSeconds(CommandSpec spec, String option, double seconds) {
        return requireInRange(spec, option, seconds, 0, MAX_SECONDS);
    }

    private static ParameterException outOfRange(
            CommandSpec spec, String option, String value, String range) {
        return new ParameterException(
                spec.commandLine(),
                String.format(
                        "Invalid value for option '%s': %s is not in %s", option, value, range));
    }
}
