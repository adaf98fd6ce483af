package io.github.neuralode.models.lookahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;

import org.junit.jupiter.api.Test;

class SigmoidEulerProblemTest {

    @Test
    void eulerAdjointEqualsAutogradToOneInTenBillion() {
        for (long seed = 1; seed <= 3; seed++) {
            SigmoidEulerProblem.Parameters p = SigmoidEulerProblem.glorot(seed);
            double error = EulerAdjointCheck.maxRelativeError(p, Device.cpu());
            assertTrue(error < 1e-10, "seed " + seed + ": relative error " + error);
        }
    }

    @Test
    void eulerAdjointMatchesCentralDifferences() {
        SigmoidEulerProblem.Parameters p = SigmoidEulerProblem.glorot(5);
        double[] adjoint = SigmoidEulerProblem.lossAndGradient(p).gradient().flat();
        double eps = 1e-6;
        for (int i = 0; i < 6; i++) {
            double fd =
                    (SigmoidEulerProblem.loss(perturbed(p, i, eps))
                                    - SigmoidEulerProblem.loss(perturbed(p, i, -eps)))
                            / (2 * eps);
            assertEquals(fd, adjoint[i], 1e-7 * Math.max(1, Math.abs(fd)), "entry " + i);
        }
    }

    @Test
    void zeroParametersGiveTheHandComputedLoss() {
        // W = 0, b = 0: dz/dt = sigmoid(0) = 1/2, so z(2) = (2, 3) and the loss is 0^2 + 1^2 = 1
        SigmoidEulerProblem.Parameters zero =
                new SigmoidEulerProblem.Parameters(new double[2][2], new double[2]);
        assertEquals(1.0, SigmoidEulerProblem.loss(zero), 1e-14);
    }

    @Test
    void lookaheadSlowIterationsAreFastIterationsOverK() {
        SigmoidEulerProblem.Parameters p = SigmoidEulerProblem.glorot(42);
        StudyRun gd = LookaheadStudy.gradientDescent(p, 0.1, 100_000, Device.cpu());
        StudyRun la = LookaheadStudy.lookahead(p, 0.1, 4, 0.5, 100_000, Device.cpu());
        assertEquals(StudyRun.Outcome.CONVERGED, gd.outcome());
        assertEquals(StudyRun.Outcome.CONVERGED, la.outcome());
        assertEquals(la.iterations(), 4 * la.slowIterations());
        assertTrue(gd.finalLoss() < SigmoidEulerProblem.loss(p), "GD must lower the loss");
        assertTrue(la.finalLoss() < SigmoidEulerProblem.loss(p), "Lookahead must lower the loss");
    }

    private static SigmoidEulerProblem.Parameters perturbed(
            SigmoidEulerProblem.Parameters p, int index, double delta) {
        double[] f = p.flat();
        f[index] += delta;
        return new SigmoidEulerProblem.Parameters(
                new double[][] {{f[0], f[1]}, {f[2], f[3]}}, new double[] {f[4], f[5]});
    }
}
