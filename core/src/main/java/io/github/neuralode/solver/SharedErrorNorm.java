package io.github.neuralode.solver;

/**
 * How {@link StepMode#SHARED} stepping turns the per-sample error ratios of a step into the one
 * ratio that accepts or rejects it for the whole batch.
 */
public enum SharedErrorNorm {
    /**
     * The RMS over the whole batch: the batch is treated as one ODE system of {@code batch x n}
     * components (torchdiffeq's semantics). Cheapest; a sample with a small error can offset one
     * with a larger error.
     */
    RMS {
        @Override
        double reduce(double[] ratios) {
            double sum = 0;
            for (double r : ratios) {
                sum += r * r;
            }
            return Math.sqrt(sum / ratios.length);
        }
    },
    /**
     * The largest per-sample ratio: every sample meets the tolerance on its own (what {@link
     * StepMode#PER_SAMPLE} guarantees too), at the price of more steps for large batches.
     */
    MAX {
        @Override
        double reduce(double[] ratios) {
            double max = ratios[0];
            for (double r : ratios) {
                max = Math.max(max, r);
            }
            return max;
        }
    };

    /**
     * Reduces per-sample error ratios to the batch's ratio; NaN propagates.
     *
     * @param ratios the per-sample ratios
     * @return the batch's ratio
     */
    abstract double reduce(double[] ratios);
}
