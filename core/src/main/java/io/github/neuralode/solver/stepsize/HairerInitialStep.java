package io.github.neuralode.solver.stepsize;

/**
 * The automatic first step of Hairer, Norsett and Wanner (Solving Ordinary Differential Equations
 * I, section II.4): a trial Euler step sized from the scaled norms of {@code y0} and {@code f0},
 * then {@code h = min(100 h0, (0.01 / max(d1, d2))^(1/p))} with {@code d2} the norm of the change
 * of the derivative over the trial step divided by its length. One extra evaluation.
 */
final class HairerInitialStep {

    private HairerInitialStep() {}

    /**
     * Chooses the first step magnitude of every step group.
     *
     * @param problem the norms and the trial step
     * @return one positive magnitude per group
     */
    static double[] select(InitialStepProblem problem) {
        double[] d0 = problem.stateNorm();
        double[] d1 = problem.derivativeNorm();
        double[] h0 = new double[d0.length];
        for (int g = 0; g < h0.length; g++) {
            h0[g] = d0[g] < 1e-5 || d1[g] < 1e-5 ? 1e-6 : 0.01 * d0[g] / d1[g];
        }
        double[] change = problem.derivativeChangeNorm(h0);
        double[] h = new double[h0.length];
        for (int g = 0; g < h.length; g++) {
            double d = Math.max(d1[g], change[g] / h0[g]);
            double h1 =
                    d <= 1e-15
                            ? Math.max(1e-6, h0[g] * 1e-3)
                            : Math.pow(0.01 / d, 1.0 / problem.order());
            h[g] = Math.min(100 * h0[g], h1);
        }
        return h;
    }
}
