package io.github.neuralode.experiments;

/** Means, deviations and standard errors over seeds, and the epoch a curve first reaches a level. */
public final class SeedStatistics {

    private SeedStatistics() {}

    /**
     * Returns the mean.
     *
     * @param values the values
     * @return their mean, NaN for none
     */
    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * Returns the sample standard deviation (divisor {@code n - 1}).
     *
     * @param values the values
     * @return the standard deviation, 0 for fewer than two values
     */
    public static double sampleStd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }

    /**
     * Returns the standard error of the mean, the sample standard deviation over {@code sqrt(n)}.
     *
     * @param values the values
     * @return the standard error, 0 for one value, NaN for none
     */
    public static double standardError(double[] values) {
        return values.length == 0 ? Double.NaN : sampleStd(values) / Math.sqrt(values.length);
    }

    /**
     * Returns the first epoch at which a per-epoch curve is at most a level.
     *
     * @param curve one value per epoch, the first for epoch 1
     * @param level the level
     * @return the 1-based epoch, 0 if the curve never reaches the level
     */
    public static int firstEpochAtOrBelow(double[] curve, double level) {
        for (int e = 0; e < curve.length; e++) {
            if (curve[e] <= level) {
                return e + 1;
            }
        }
        return 0;
    }
}
