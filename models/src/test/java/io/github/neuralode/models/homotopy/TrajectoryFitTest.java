package io.github.neuralode.models.homotopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.neuralode.block.HiddenActivation;
import io.github.neuralode.block.Mlp;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.FitResult;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/**
 * Homotopy against vanilla training on clean Lotka-Volterra data (the authors' form {@code x' =
 * 1.3 x - 0.9 x y}, {@code y' = 0.8 x y - 1.8 y} from {@code (0.44249296, 4.6280594)}, 61 samples
 * on [0, 6] and 10 held out after them, computed in the test by RK4 with step 1e-3), the same
 * network, optimizer, seed and epoch budget (4 levels of 30 epochs, k = 6, an interpolating
 * spline; 120 vanilla epochs; 120 epochs of multiple shooting with 5 segments).
 */
class TrajectoryFitTest {

    private static final int POINTS = 61;
    private static final int HELD_OUT = 10;
    private static final double DT = 0.1;
    /** The uncoupled MSE that homotopy reaches in 120 epochs and vanilla does not. */
    private static final double THRESHOLD = 0.3;

    @Test
    void homotopyFollowsItsScheduleAndBeatsVanillaOnTheSameBudget() {
        double[] allTimes = new double[POINTS + HELD_OUT];
        double[][] allValues = lotkaVolterra(allTimes);
        double[] times = Arrays.copyOf(allTimes, POINTS);
        double[][] values = Arrays.copyOf(allValues, POINTS);
        double[] heldOutTimes = Arrays.copyOfRange(allTimes, POINTS, allTimes.length);
        double[][] heldOutValues = Arrays.copyOfRange(allValues, POINTS, allValues.length);
        HomotopySchedule schedule = new HomotopySchedule(3, 0.6, 30);
        int budget = schedule.totalEpochs();
        TrajectoryFit.Outcome homotopy =
                fit(times, values, heldOutTimes, heldOutValues, new FitMethod.Homotopy(schedule, 6, 0));
        TrajectoryFit.Outcome vanilla =
                fit(times, values, heldOutTimes, heldOutValues, new FitMethod.Vanilla(budget));
        TrajectoryFit.Outcome shooting =
                fit(times, values, heldOutTimes, heldOutValues, new FitMethod.MultipleShooting(5, 0.01, budget));
        FitResult h = homotopy.history();
        double[] lambda = h.curve("lambda");
        for (int e = 0; e < lambda.length; e++) {
            assertEquals(schedule.lambdaAt(e), lambda[e], 0.0, "epoch " + (e + 1));
        }
        for (TrajectoryFit.Outcome outcome : new TrajectoryFit.Outcome[] {homotopy, vanilla, shooting}) {
            double[] curve = outcome.history().curve("uncoupled_mse");
            assertEquals(budget, curve.length);
            assertEquals(min(curve), outcome.interpolationMse(), 0.0);
            assertEquals(curve[outcome.bestEpoch() - 1], outcome.interpolationMse(), 0.0);
            assertEquals(
                    outcome.history().curve("heldout_mse")[outcome.bestEpoch() - 1],
                    outcome.heldOutMse(),
                    0.0);
            assertEquals(POINTS + HELD_OUT, outcome.prediction().length);
        }
        System.out.printf(
                "best uncoupled MSE: homotopy %.4g (first %.4g, held out %.4g), vanilla %.4g,"
                        + " multiple shooting %.4g (first %.4g)%n",
                homotopy.interpolationMse(),
                h.curve("uncoupled_mse")[0],
                homotopy.heldOutMse(),
                vanilla.interpolationMse(),
                shooting.interpolationMse(),
                shooting.history().curve("uncoupled_mse")[0]);
        // seen: homotopy 0.035 (from 20), vanilla 2.5 after the same 120 epochs
        assertTrue(homotopy.interpolationMse() < THRESHOLD, "homotopy " + homotopy.interpolationMse());
        assertTrue(vanilla.interpolationMse() > THRESHOLD, "vanilla " + vanilla.interpolationMse());
        assertTrue(
                shooting.interpolationMse() < shooting.history().curve("uncoupled_mse")[0],
                "multiple shooting never improved on its first epoch");
    }

    private static TrajectoryFit.Outcome fit(
            double[] times,
            double[][] values,
            double[] heldOutTimes,
            double[][] heldOutValues,
            FitMethod method) {
        return TrajectoryFit.builder()
                .setData(times, values)
                .optHeldOut(heldOutTimes, heldOutValues)
                .setMethod(method)
                .setNetwork(
                        Mlp.builder()
                                .setOutputs(2)
                                .optHidden(32)
                                .optActivation(HiddenActivation.GELU)
                                .build())
                .setSolver(
                        OdeSolver.builder()
                                .optStepSizeController(PidController.of(1e-5, 1e-7))
                                .optMaxSteps(20_000)
                                .build())
                .setOptimizer(
                        Adam.builder().optLearningRate(0.05).optDecoupledWeightDecay(0.01).build())
                .optSeed(10)
                .build()
                .fit();
    }

    /** The clean series at t = 0, 0.1, ..., 6.0 by RK4 with step 1e-3. */
    private static double[][] lotkaVolterra(double[] times) {
        double[][] values = new double[times.length][];
        double[] u = {0.44249296, 4.6280594};
        double h = 1e-3;
        int perSample = (int) Math.round(DT / h);
        for (int i = 0; i < times.length; i++) {
            times[i] = i * DT;
            values[i] = u.clone();
            for (int s = 0; s < perSample; s++) {
                double[] k1 = rate(u);
                double[] k2 = rate(step(u, k1, h / 2));
                double[] k3 = rate(step(u, k2, h / 2));
                double[] k4 = rate(step(u, k3, h));
                for (int j = 0; j < 2; j++) {
                    u[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                }
            }
        }
        return values;
    }

    private static double[] rate(double[] u) {
        return new double[] {1.3 * u[0] - 0.9 * u[0] * u[1], 0.8 * u[0] * u[1] - 1.8 * u[1]};
    }

    private static double[] step(double[] u, double[] k, double h) {
        return new double[] {u[0] + h * k[0], u[1] + h * k[1]};
    }

    private static double min(double[] values) {
        double least = Double.POSITIVE_INFINITY;
        for (double v : values) {
            least = Math.min(least, v);
        }
        return least;
    }
}
