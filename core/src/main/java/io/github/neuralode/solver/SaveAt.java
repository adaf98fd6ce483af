package io.github.neuralode.solver;

import java.util.Arrays;

/**
 * Which states a solve returns, and over which interval it integrates.
 *
 * <p>{@link #times(double...)} follows torchdiffeq: the first time is the initial time of {@code
 * y0}, the solve runs to the last, and the solution holds the state at every listed time
 * (including {@code y0} itself first). Times must be strictly monotone, increasing or decreasing.
 * {@link #finalState(double, double)} integrates from {@code t0} to {@code t1} and returns only
 * the state at {@code t1}. Times are plain doubles, in the units of the vector field.
 */
public final class SaveAt {

    private final double[] times;
    private final boolean finalOnly;

    private SaveAt(double[] times, boolean finalOnly) {
        this.times = times;
        this.finalOnly = finalOnly;
    }

    /**
     * Requests the states at the given times; {@code times[0]} is the time of {@code y0}.
     *
     * @param times at least two strictly monotone, finite times
     * @return the request
     * @throws IllegalArgumentException naming the offending entries
     */
    public static SaveAt times(double... times) {
        validate(times);
        return new SaveAt(times.clone(), false);
    }

    /**
     * Requests only the final state.
     *
     * @param t0 the time of {@code y0}
     * @param t1 the end time, different from {@code t0}
     * @return the request
     */
    public static SaveAt finalState(double t0, double t1) {
        double[] span = {t0, t1};
        validate(span);
        return new SaveAt(span, true);
    }

    private static void validate(double[] times) {
        if (times == null || times.length < 2) {
            throw new IllegalArgumentException(
                    "times needs at least two entries (the initial time and one output time), got "
                            + Arrays.toString(times));
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException(
                        "times[" + i + "] = " + times[i] + " is not finite");
            }
        }
        double direction = Math.signum(times[1] - times[0]);
        for (int i = 1; i < times.length; i++) {
            if (direction == 0 || Math.signum(times[i] - times[i - 1]) != direction) {
                throw new IllegalArgumentException(
                        String.format(
                                "times must be strictly increasing or strictly decreasing, but"
                                        + " times[%d] = %s and times[%d] = %s break the order:"
                                        + " sort them and drop duplicates",
                                i - 1, times[i - 1], i, times[i]));
            }
        }
    }

    /**
     * Returns a copy of the times: the initial time first, then the requested times.
     *
     * @return the times
     */
    public double[] times() {
        return times.clone();
    }

    /**
     * Returns the initial time.
     *
     * @return {@code times[0]}
     */
    public double t0() {
        return times[0];
    }

    /**
     * Returns the end time.
     *
     * @return the last time
     */
    public double t1() {
        return times[times.length - 1];
    }

    /**
     * Returns whether only the final state is returned.
     *
     * @return {@code true} for {@link #finalState}
     */
    public boolean isFinalOnly() {
        return finalOnly;
    }

    /**
     * Returns the number of states in the solution.
     *
     * @return 1 for final-state requests, otherwise the number of times
     */
    public int outputCount() {
        return finalOnly ? 1 : times.length;
    }
}
