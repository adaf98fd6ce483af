package io.github.neuralode.data.toy;

/**
 * The one-dimensional regression series {@code y = sin(x) + x} of the ANODE experiments, sampled
 * on an even grid: {@code x_i = from + i (to - from) / (count - 1)}, both ends included. The
 * identity part makes the map monotone, so a plain neural ODE can fit it, while the sine adds
 * curvature; it is the easy counterpart of {@link NestedSpheres}.
 *
 * <p>Defaults: 100 points on {@code [-pi, pi]}. Values are computed in double and stored as
 * float32; inputs are {@code (count, 1)}, targets {@code (count, 1)} as NDArrays.
 */
public final class SineSeries {

    private final double from;
    private final double to;
    private final int count;

    private SineSeries(Builder builder) {
        from = builder.from;
        to = builder.to;
        count = builder.count;
    }

    /**
     * Returns a builder with the defaults: 100 points on {@code [-pi, pi]}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the target function.
     *
     * @param x the input
     * @return {@code sin(x) + x}
     */
    public static double value(double x) {
        return Math.sin(x) + x;
    }

    /**
     * Returns the grid and the values on it.
     *
     * @return inputs {@code count} rows of one {@code x} each, in increasing order, and targets
     *     {@code sin(x) + x}
     */
    public LabelledPoints sample() {
        float[][] inputs = new float[count][];
        float[] targets = new float[count];
        for (int i = 0; i < count; i++) {
            double x = i == count - 1 ? to : from + i * (to - from) / (count - 1);
            inputs[i] = new float[] {(float) x};
            targets[i] = (float) value(x);
        }
        return new LabelledPoints(inputs, targets);
    }

    /** Configures {@link SineSeries}. */
    public static final class Builder {

        private double from = -Math.PI;
        private double to = Math.PI;
        private int count = 100;

        Builder() {}

        /**
         * Sets the interval of the grid, both ends included. Default {@code [-pi, pi]}.
         *
         * @param from the first x
         * @param to the last x, above {@code from}
         * @return this builder
         */
        public Builder optRange(double from, double to) {
            this.from = from;
            this.to = to;
            return this;
        }

        /**
         * Sets the number of grid points. Default 100.
         *
         * @param count at least 2
         * @return this builder
         */
        public Builder optCount(int count) {
            this.count = count;
            return this;
        }

        /**
         * Checks the settings and builds the series.
         *
         * @return the series
         * @throws IllegalArgumentException if the range is not finite and increasing or the count
         *     is below 2
         */
        public SineSeries build() {
            if (!(Double.isFinite(from) && Double.isFinite(to) && from < to)) {
                throw new IllegalArgumentException(
                        "range must be finite with from < to, got [" + from + ", " + to
                                + "]: fix optRange");
            }
            if (count < 2) {
                throw new IllegalArgumentException(
                        "count must be at least 2 (the grid includes both ends), got " + count);
            }
            return new SineSeries(this);
        }
    }
}
