package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * SHARED and PER_SAMPLE stepping agree on a batch of oscillators {@code x'' = -w^2 x} with very
 * different frequencies, and PER_SAMPLE spends fewer evaluations on the slow samples.
 */
class StepModeTest {

    private static final double[] FREQUENCIES = {0.5, 1.0, 8.0, 32.0};
    private static final double T_END = 2.0;

    @Test
    void perSampleAgreesWithSharedAndSavesEvaluationsOnSlowSamples() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] times = {0.0, 0.5, 1.0, 1.5, T_END};
            OdeSolution shared = solve(manager, StepMode.SHARED, times);
            OdeSolution perSample = solve(manager, StepMode.PER_SAMPLE, times);
            double[] a = shared.outputs().toDoubleArray();
            double[] b = perSample.outputs().toDoubleArray();
            double maxDifference = 0;
            for (int i = 0; i < a.length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(a[i] - b[i]) / (1 + Math.abs(a[i])));
            }
            assertTrue(maxDifference < 1e-5, "modes disagree by " + maxDifference);
            for (int i = 0; i < times.length; i++) {
                assertExact(perSample.outputs().get(i), times[i]);
                assertExact(shared.outputs().get(i), times[i]);
            }
            long[] sharedNfe = shared.stats().sampleEvaluations();
            long[] perSampleNfe = perSample.stats().sampleEvaluations();
            System.out.printf(
                    "evaluations per sample: SHARED %s, PER_SAMPLE %s%n",
                    java.util.Arrays.toString(sharedNfe), java.util.Arrays.toString(perSampleNfe));
            int fastest = FREQUENCIES.length - 1;
            for (int s = 0; s < fastest; s++) {
                assertTrue(perSampleNfe[s] < sharedNfe[s], "sample " + s + " saved nothing");
                assertTrue(perSampleNfe[s] < perSampleNfe[fastest], "slow sample " + s + " was not cheaper");
            }
            assertTrue(perSampleNfe[0] * 4 < sharedNfe[0], "the slowest sample should need far fewer evaluations");
        }
    }

    @Test
    void maxSharedNormMakesEverySampleMeetTheToleranceAtMoreEvaluationsThanRms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] times = {0.0, T_END};
            OdeSolution rms = solve(manager, StepMode.SHARED, times, SharedErrorNorm.RMS, 1e-5);
            OdeSolution max = solve(manager, StepMode.SHARED, times, SharedErrorNorm.MAX, 1e-5);
            long rmsNfe = rms.stats().functionEvaluations();
            long maxNfe = max.stats().functionEvaluations();
            System.out.printf("SHARED evaluations: RMS norm %d, MAX norm %d%n", rmsNfe, maxNfe);
            assertTrue(maxNfe > rmsNfe, "MAX must be stricter than RMS");
            double[] values = max.outputs().get(1).toDoubleArray();
            for (int s = 0; s < FREQUENCIES.length; s++) {
                double x = Math.cos(FREQUENCIES[s] * T_END);
                assertTrue(Math.abs(values[2 * s] - x) < 1e-3, "sample " + s + " misses the tolerance");
            }
        }
    }

    private static OdeSolution solve(NDManager manager, StepMode mode, double[] times) {
        return solve(manager, mode, times, SharedErrorNorm.RMS, 1e-8);
    }

    private static OdeSolution solve(
            NDManager manager, StepMode mode, double[] times, SharedErrorNorm norm, double rtol) {
        double[][] initial = new double[FREQUENCIES.length][];
        double[] negSquared = new double[FREQUENCIES.length];
        for (int s = 0; s < FREQUENCIES.length; s++) {
            initial[s] = new double[] {1.0, 0.0};
            negSquared[s] = -FREQUENCIES[s] * FREQUENCIES[s];
        }
        NDArray coefficient = manager.create(negSquared, new Shape(FREQUENCIES.length, 1));
        VectorField field =
                VectorField.autonomous(
                        y -> y.get(":, 1:2").concat(y.get(":, 0:1").mul(coefficient), 1));
        OdeSolver solver =
                OdeSolver.builder()
                        .optStepSizeController(PidController.of(rtol, rtol * 1e-2))
                        .optStepMode(mode)
                        .optSharedErrorNorm(norm)
                        .build();
        return solver.solve(field, manager.create(initial), SaveAt.times(times));
    }

    private static void assertExact(NDArray state, double t) {
        double[] values = state.toDoubleArray();
        for (int s = 0; s < FREQUENCIES.length; s++) {
            double w = FREQUENCIES[s];
            double x = Math.cos(w * t);
            double v = -w * Math.sin(w * t);
            assertTrue(Math.abs(values[2 * s] - x) < 1e-5, "x of sample " + s + " at t=" + t);
            assertTrue(Math.abs(values[2 * s + 1] - v) < 1e-5 * w, "v of sample " + s + " at t=" + t);
        }
    }
}
