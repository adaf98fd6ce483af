package io.github.neuralode.models.lookahead;

import java.util.List;

/**
 * One optimisation run of {@link LookaheadStudy}.
 *
 * @param iterations gradient evaluations (fast updates) until the stopping rule held
 * @param slowIterations Lookahead's slow iterations ({@code iterations / k}); equals {@code
 *     iterations} for gradient descent
 * @param finalLoss the loss at the returned (slow) weights
 * @param outcome whether the stopping rule held or the iteration cap was reached
 * @param evaluations the x values of the loss curve: gradient evaluations so far
 * @param losses the loss curve at the (slow) weights, starting with the initial loss
 */
public record StudyRun(
        long iterations,
        long slowIterations,
        double finalLoss,
        Outcome outcome,
        double[] evaluations,
        double[] losses) {

    static StudyRun of(
            long iterations, int period, double finalLoss, Outcome outcome, List<double[]> curve) {
        double[] x = curve.stream().mapToDouble(point -> point[0]).toArray();
        double[] y = curve.stream().mapToDouble(point -> point[1]).toArray();
        return new StudyRun(iterations, iterations / period, finalLoss, outcome, x, y);
    }

    /** How a run ended. */
    public enum Outcome {
        /** The loss change fell below the threshold. */
        CONVERGED,
        /** The iteration cap was reached first. */
        MAX_ITERATIONS
    }
}
