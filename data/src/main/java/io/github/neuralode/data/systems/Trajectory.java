package io.github.neuralode.data.systems;

import java.util.Arrays;
import java.util.Random;

/**
 * A sampled trajectory of a dynamical system: {@code values[i]} is the state at {@code times[i]},
 * one entry per state component ({@code [time][component]}, shape {@code (points, dimension)}).
 * Times are in the system's time unit (seconds for measured data), strictly increasing and
 * finite; values are finite. The record is immutable: the constructor copies its arrays and the
 * accessors return copies.
 *
 * @param times the sample times, strictly increasing, at least one
 * @param values the states, {@code [time][component]}, one row per time, all rows of the same
 *     positive length
 */
public record Trajectory(double[] times, double[][] values) {

    /**
     * Checks and copies the arrays.
     *
     * @param times the sample times
     * @param values the states, {@code [time][component]}
     * @throws IllegalArgumentException if {@code times} is empty, not strictly increasing or not
     *     finite, or if {@code values} does not have one finite row of a common positive length per
     *     time
     */
    public Trajectory {
        if (times == null || times.length == 0) {
            throw new IllegalArgumentException("times must hold at least one sample time");
        }
        if (values == null || values.length != times.length) {
            throw new IllegalArgumentException(
                    "values must have one row per time (" + times.length + "), got "
                            + (values == null ? "null" : values.length + " rows"));
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException(
                        "times must be finite and strictly increasing, but times[" + i + "] = "
                                + times[i] + (i > 0 ? " follows " + times[i - 1] : ""));
            }
        }
        int dimension = values[0] == null ? 0 : values[0].length;
        for (int i = 0; i < values.length; i++) {
            checkRow(values[i], i, dimension);
        }
        times = times.clone();
        values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
    }

    private static void checkRow(double[] row, int index, int dimension) {
        if (row == null || row.length == 0 || row.length != dimension) {
            throw new IllegalArgumentException(
                    "values rows must all have the same positive length (" + dimension
                            + "), but values[" + index + "] has "
                            + (row == null ? "none" : String.valueOf(row.length)));
        }
        for (int j = 0; j < row.length; j++) {
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException(
                        "values must be finite, but values[" + index + "][" + j + "] = " + row[j]);
            }
        }
    }

    /**
     * Returns a copy of the sample times.
     *
     * @return the times, {@code (points)}
     */
    @Override
    public double[] times() {
        return times.clone();
    }

    /**
     * Returns a copy of the states.
     *
     * @return the values, {@code [time][component]}, {@code (points, dimension)}
     */
    @Override
    public double[][] values() {
        return Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * Returns the number of samples.
     *
     * @return {@code times().length}
     */
    public int size() {
        return times.length;
    }

    /**
     * Returns the number of state components.
     *
     * @return the length of every row of {@link #values()}
     */
    public int dimension() {
        return values[0].length;
    }

    /**
     * Returns the samples {@code from} (included) to {@code to} (excluded), times unchanged: for
     * example a training window {@code slice(0, 100)} and the extrapolation window after it
     * {@code slice(100, 150)}.
     *
     * @param from the first sample's index, at least 0
     * @param to the index after the last sample, above {@code from} and at most {@link #size()}
     * @return the window
     * @throws IllegalArgumentException if the range is empty or outside {@code [0, size())}
     */
    public Trajectory slice(int from, int to) {
        if (from < 0 || to > times.length || from >= to) {
            throw new IllegalArgumentException(
                    "slice needs 0 <= from < to <= size() = " + times.length + ", got from = "
                            + from + ", to = " + to);
        }
        return new Trajectory(
                Arrays.copyOfRange(times, from, to), Arrays.copyOfRange(values, from, to));
    }

    /**
     * Returns every component's mean over the samples.
     *
     * @return one mean per component, {@code (dimension)}
     */
    public double[] means() {
        double[] means = new double[dimension()];
        for (double[] row : values) {
            for (int j = 0; j < means.length; j++) {
                means[j] += row[j];
            }
        }
        for (int j = 0; j < means.length; j++) {
            means[j] /= values.length;
        }
        return means;
    }

    /**
     * Returns this trajectory with independent Gaussian noise added: {@code values[i][j] +
     * standardDeviations[j] * g}, where the {@code g} are successive {@code new
     * Random(seed).nextGaussian()} draws taken in row order (time by time, components in order
     * within a time). The same seed gives the same noisy values; times are unchanged.
     *
     * @param standardDeviations the noise's standard deviation per component, in the state's
     *     units, finite and not negative, {@code (dimension)}
     * @param seed the seed of the generator
     * @return the noisy trajectory
     * @throws IllegalArgumentException if the standard deviations do not match the dimension or
     *     one is negative or not finite
     */
    public Trajectory withNoise(double[] standardDeviations, long seed) {
        if (standardDeviations == null || standardDeviations.length != dimension()) {
            throw new IllegalArgumentException(
                    "standardDeviations must have one entry per component (" + dimension()
                            + "), got "
                            + (standardDeviations == null ? "null" : standardDeviations.length));
        }
        for (int j = 0; j < standardDeviations.length; j++) {
            if (!(Double.isFinite(standardDeviations[j]) && standardDeviations[j] >= 0)) {
                throw new IllegalArgumentException(
                        "standardDeviations must be finite and >= 0, but entry " + j + " is "
                                + standardDeviations[j]);
            }
        }
        Random random = new Random(seed);
        double[][] noisy = values();
        for (double[] row : noisy) {
            for (int j = 0; j < row.length; j++) {
                row[j] += standardDeviations[j] * random.nextGaussian();
            }
        }
        return new Trajectory(times, noisy);
    }

    /**
     * Compares times and values element by element (a record's default compares array identity).
     *
     * @param other the object to compare with
     * @return whether {@code other} is a trajectory with equal times and values
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Trajectory that
                && Arrays.equals(times, that.times)
                && Arrays.deepEquals(values, that.values);
    }

    /**
     * Hashes times and values by content, consistently with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(times) + Arrays.deepHashCode(values);
    }

    /**
     * Describes the trajectory's extent, not its values.
     *
     * @return for example {@code Trajectory[61 points of dimension 2, t in [0.0, 6.0]]}
     */
    @Override
    public String toString() {
        return "Trajectory[" + times.length + " points of dimension " + dimension() + ", t in ["
                + times[0] + ", " + times[times.length - 1] + "]]";
    }
}
