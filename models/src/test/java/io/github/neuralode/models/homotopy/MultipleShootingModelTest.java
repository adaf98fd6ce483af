package io.github.neuralode.models.homotopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;

import io.github.neuralode.models.field.HybridField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * Multiple shooting on {@code u' = -u} (a {@link HybridField} with rate -1 and a network that
 * returns 0) against {@code e^{-t}} samples with one segment start moved by 0.1: predictions, gaps
 * and the loss against hand-computed values.
 */
class MultipleShootingModelTest {

    @Test
    void splitsLikeTensorSplit() {
        assertArrayEquals(new int[] {0, 13, 25, 37, 49, 61}, MultipleShootingModel.segmentStarts(61, 5));
        assertArrayEquals(new int[] {0, 5, 10}, MultipleShootingModel.segmentStarts(10, 2));
    }

    @Test
    void segmentsStartAtTheirSamplesAndReportTheirGaps() {
        int samples = 10;
        double[] times = new double[samples];
        double[][] values = new double[samples][1];
        for (int i = 0; i < samples; i++) {
            times[i] = 0.2 * i;
            values[i][0] = Math.exp(-times[i]);
        }
        values[4][0] += 0.1; // segments of 10 samples in 3: starts 0, 4, 7
        HybridField field =
                new HybridField(
                        new double[] {-1},
                        new LambdaBlock(list -> new NDList(list.singletonOrThrow().zerosLike())));
        OdeSolver solver = OdeSolver.builder().optStepSizeController(PidController.of(1e-10, 1e-12)).build();
        MultipleShootingModel model = new MultipleShootingModel(field, solver, times, values, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT64, new Shape(1, 1));
            NDList out =
                    model.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.create(new double[][] {{1.0}})),
                            false);
            double[] trajectory = out.get(0).toDoubleArray();
            double[] gaps = out.get(1).toDoubleArray();
            assertEquals(new Shape(1, samples, 1), out.get(0).getShape());
            for (int i = 0; i < samples; i++) {
                double expected = i >= 4 && i < 7 ? (Math.exp(-0.8) + 0.1) * Math.exp(-(times[i] - 0.8)) : Math.exp(-times[i]);
                assertEquals(expected, trajectory[i], 1e-9, "sample " + i);
            }
            assertEquals(-0.1, gaps[0], 1e-9);
            assertEquals(0.1 * Math.exp(-0.6), gaps[1], 1e-9);
            double mse = 0;
            for (int i = 0; i < samples; i++) {
                double error = trajectory[i] - values[i][0];
                mse += error * error / samples;
            }
            double penalty = (gaps[0] * gaps[0] + gaps[1] * gaps[1]) / 2;
            NDArray loss =
                    new ShootingLoss("loss", 0.01)
                            .evaluate(
                                    new NDList(manager.create(flatten(values), new Shape(1, samples, 1))),
                                    out);
            assertEquals(mse + 0.01 * penalty, loss.getDouble(), 1e-12);
        }
    }

    @Test
    void rejectsTooManySegments() {
        double[] times = {0, 1, 2, 3};
        double[][] values = {{0}, {1}, {2}, {3}};
        OdeSolver solver = OdeSolver.builder().build();
        LambdaBlock zero = new LambdaBlock(list -> list);
        assertThrows(IllegalArgumentException.class, () -> new MultipleShootingModel(zero, solver, times, values, 3));
    }

    private static double[] flatten(double[][] values) {
        double[] flat = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            flat[i] = values[i][0];
        }
        return flat;
    }
}
