package io.github.neuralode.experiments.anode;

/** Means and standard deviations over seeds. */
final class Statistics {

    private Statistics() {}

    /**
     * Returns the mean.
     *
     * @param values at least one value
     * @return their mean
     */
    static double mean(double[] values) {
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
    static double sampleStd(double[] values) {
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
}
