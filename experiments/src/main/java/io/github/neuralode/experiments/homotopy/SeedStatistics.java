package io.github.neuralode.experiments.homotopy;

/** Means and standard errors over seeds, and the epoch a curve first reaches a level. */
final class SeedStatistics {

    private SeedStatistics() {}

    /** The mean; NaN for no values. */
    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The standard error of the mean, {@code s / sqrt(k)} with the sample deviation; 0 for one value. */
    static double standardError(double[] values) {
        if (values.length < 2) {
            return values.length == 1 ? 0.0 : Double.NaN;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1) / values.length);
    }

    /** The first 1-based epoch whose value is at most {@code level}; 0 if none. */
    static int firstEpochAtOrBelow(double[] curve, double level) {
        for (int e = 0; e < curve.length; e++) {
            if (curve[e] <= level) {
                return e + 1;
            }
        }
        return 0;
    }
}
