package io.github.neuralode.models.lookahead;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.models.lookahead.SigmoidEulerProblem.LossAndGradient;
import io.github.neuralode.models.lookahead.SigmoidEulerProblem.Parameters;
import io.github.neuralode.train.GradientDescent;
import io.github.neuralode.train.Lookahead;
import io.github.neuralode.train.StatefulOptimizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient descent versus Lookahead(gradient descent) on {@link SigmoidEulerProblem}, with
 * gradients from the hand-written Euler adjoint and updates by the library's {@link
 * GradientDescent} and {@link Lookahead} optimizers on float64 arrays.
 *
 * <p>Stopping rule (from the study): stop when the loss changes by less than {@link
 * #STOP_TOLERANCE} between consecutive iterations. For gradient descent an iteration is one
 * update. For Lookahead the rule is applied to the loss of the slow weights after each
 * synchronisation (one slow iteration = k fast updates): the fast iterates are intermediate
 * points that are thrown away. Iterations are reported as gradient evaluations (fast updates)
 * and, for Lookahead, also as slow iterations.
 */
public final class LookaheadStudy {

    /** The stopping threshold on the loss change between consecutive (slow) iterations. */
    public static final double STOP_TOLERANCE = 0.0007;

    private LookaheadStudy() {}

    /**
     * Runs gradient descent.
     *
     * @param init the initial parameters
     * @param learningRate the fixed learning rate
     * @param maxIterations the most gradient evaluations
     * @param device the device that holds the parameters and updates them
     * @return the run
     */
    public static StudyRun gradientDescent(
            Parameters init, double learningRate, long maxIterations, Device device) {
        GradientDescent optimizer = GradientDescent.builder().setLearningRate(learningRate).build();
        return run(optimizer, init, 1, maxIterations, device);
    }

    /**
     * Runs Lookahead around gradient descent.
     *
     * @param init the initial parameters
     * @param learningRate the inner learning rate
     * @param k the synchronisation period
     * @param alpha the slow step size
     * @param maxIterations the most gradient evaluations
     * @param device the device that holds the parameters and updates them
     * @return the run
     */
    public static StudyRun lookahead(
            Parameters init,
            double learningRate,
            int k,
            double alpha,
            long maxIterations,
            Device device) {
        Lookahead optimizer =
                Lookahead.builder()
                        .setInner(GradientDescent.builder().setLearningRate(learningRate).build())
                        .optK(k)
                        .optAlpha(alpha)
                        .build();
        return run(optimizer, init, k, maxIterations, device);
    }

    private static StudyRun run(
            StatefulOptimizer optimizer,
            Parameters init,
            int period,
            long maxIterations,
            Device device) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray w = manager.create(init.w());
            NDArray b = manager.create(init.b());
            List<double[]> curve = new ArrayList<>();
            double previous = SigmoidEulerProblem.loss(init);
            curve.add(new double[] {0, previous});
            long iterations = 0;
            while (iterations < maxIterations) {
                for (int i = 0; i < period; i++) {
                    step(optimizer, manager, w, b);
                }
                iterations += period;
                double loss = SigmoidEulerProblem.loss(read(w, b));
                curve.add(new double[] {iterations, loss});
                boolean converged = Math.abs(previous - loss) < STOP_TOLERANCE;
                previous = loss;
                if (converged) {
                    return StudyRun.of(iterations, period, loss, StudyRun.Outcome.CONVERGED, curve);
                }
            }
            return StudyRun.of(
                    iterations, period, previous, StudyRun.Outcome.MAX_ITERATIONS, curve);
        }
    }

    private static void step(StatefulOptimizer optimizer, NDManager manager, NDArray w, NDArray b) {
        LossAndGradient lg = SigmoidEulerProblem.lossAndGradient(read(w, b));
        try (NDArray gw = manager.create(lg.gradient().w());
                NDArray gb = manager.create(lg.gradient().b())) {
            optimizer.update("W", w, gw);
            optimizer.update("b", b, gb);
        }
    }

    private static Parameters read(NDArray w, NDArray b) {
        double[] flat = w.toDoubleArray();
        return new Parameters(
                new double[][] {{flat[0], flat[1]}, {flat[2], flat[3]}}, b.toDoubleArray());
    }
}
