package io.github.neuralode.solver.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Every way {@link StageCombiner} forms a combination equals the sum computed in Java: term by
 * term (few non-zero coefficients, large columns, or while autograd records), as a last-axis and
 * as a first-axis stacked product (on both sides of {@link StageCombiner#FIRST_AXIS_MIN_SIZE}),
 * with one step group and with one per sample; and gradients through each are the coefficients.
 */
class StageCombinerTest {

    /** Four coefficients, three of them non-zero: a stacked product unless autograd records. */
    private static final double[] WEIGHTS = {1.0, -0.5, 0.0, 2.0};

    /** Two non-zero coefficients: term by term. */
    private static final double[] FEW = {0.0, 1.5, 0.0, 0.125};

    private static final double[] OTHER = {0.0, 1.5, -1.0, 0.125};

    /** Six non-zero coefficients: stacked on small columns even while autograd records. */
    private static final double[] MANY = {1.0, 0.5, -0.25, 2.0, 0.75, -1.5};

    @ParameterizedTest
    @ValueSource(ints = {3, 200, 26_215})
    void sharedCombinationsEqualJavaSums(int batch) {
        int n = 20;
        long size = (long) batch * n;
        assertEquals(size >= StageCombiner.FIRST_AXIS_MIN_SIZE, batch >= 200);
        assertEquals(size >= StageCombiner.LARGE_COLUMN_SIZE, batch == 26_215);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] values = values(batch * n, WEIGHTS.length);
            List<NDArray> columns = columns(manager, values, new Shape(batch, n));
            for (int groups : new int[] {1, batch}) {
                StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, groups);
                for (double[] weights : List.of(WEIGHTS, FEW, OTHER)) {
                    NDArray one = combiner.combineShared(columns, weights);
                    assertEquals(new Shape(batch, n), one.getShape());
                    assertArrayEquals(javaSum(values, weights), one.toDoubleArray(), 1e-13);
                }
                NDArray two = combiner.combineSharedMany(columns, List.of(WEIGHTS, OTHER));
                assertEquals(new Shape(batch, n, 2), two.getShape());
                assertArrayEquals(javaSum(values, WEIGHTS), two.get(":, :, 0").toDoubleArray(), 1e-13);
                assertArrayEquals(javaSum(values, OTHER), two.get(":, :, 1").toDoubleArray(), 1e-13);
                NDArray single = combiner.combineSharedMany(columns, List.of(OTHER));
                assertEquals(new Shape(batch, n, 1), single.getShape());
                assertArrayEquals(javaSum(values, OTHER), single.toDoubleArray(), 1e-13);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 200})
    void perGroupRowsEqualJavaSums(int batch) {
        int n = 20;
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] values = values(batch * n, WEIGHTS.length);
            List<NDArray> columns = columns(manager, values, new Shape(batch, n));
            StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, batch);
            for (double[] weights : List.of(WEIGHTS, FEW)) {
                // every row scales the weights by its own step, as per-sample Runge-Kutta rows do
                double[][] rows = new double[batch][];
                double[] expected = new double[batch * n];
                for (int g = 0; g < batch; g++) {
                    rows[g] = weights.clone();
                    for (int j = 1; j < weights.length; j++) {
                        rows[g][j] *= 0.5 + g;
                    }
                    double[] rowSum = javaSum(values, rows[g]);
                    System.arraycopy(rowSum, g * n, expected, g * n, n);
                }
                NDArray combined = combiner.combine(columns, rows);
                assertEquals(new Shape(batch, n), combined.getShape());
                assertArrayEquals(expected, combined.toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void aLoneUnitCoefficientGivesANewArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] values = values(6, 3);
            List<NDArray> columns = columns(manager, values, new Shape(2, 3));
            StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, 1);
            NDArray copy = combiner.combineShared(columns, new double[] {0.0, 1.0, 0.0});
            assertNotSame(columns.get(1), copy);
            assertArrayEquals(values[1], copy.toDoubleArray(), 0.0);
            NDArray zero = combiner.combineShared(columns, new double[3]);
            assertArrayEquals(new double[6], zero.toDoubleArray(), 0.0);
        }
    }

    /**
     * Gradients through a combination are its coefficients, whichever way it is formed while
     * autograd records: term by term (few coefficients, or columns of 3,000 values) or stacked
     * (six coefficients on small columns), with one step group and with one per sample.
     */
    @ParameterizedTest
    @CsvSource({"4, 1", "4, 4", "100, 1", "100, 100"})
    void gradientsThroughACombinationAreItsCoefficients(int batch, int groups) {
        int n = batch == 4 ? 3 : 30;
        assertEquals(batch * n >= StageCombiner.FIRST_AXIS_MIN_SIZE, batch == 100);
        assertTrue(MANY.length > StageCombiner.RECORDED_TERM_BY_TERM_MAX);
        for (double[] weights : List.of(WEIGHTS, MANY)) {
            try (NDManager manager = NDManager.newBaseManager()) {
                List<NDArray> columns =
                        columns(manager, values(batch * n, weights.length), new Shape(batch, n));
                columns.forEach(column -> column.setRequiresGradient(true));
                StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, groups);
                double[][] rows = new double[groups][];
                java.util.Arrays.fill(rows, weights);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(combiner.combine(columns, rows).sum());
                }
                for (int j = 0; j < weights.length; j++) {
                    double[] expected = new double[batch * n];
                    java.util.Arrays.fill(expected, weights[j]);
                    NDArray gradient = columns.get(j).getGradient().toType(DataType.FLOAT64, false);
                    assertArrayEquals(expected, gradient.toDoubleArray(), 0.0, "column " + j);
                }
            }
        }
    }

    /**
     * A step's stack, first made with recording paused (the error estimate), is still on the tape
     * for a recorded dense output: gradients reach the columns.
     */
    @Test
    void aStackFirstMadeWithoutRecordingStillCarriesGradients() {
        int batch = 3;
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> columns = columns(manager, values(batch * 2, MANY.length), new Shape(batch, 2));
            columns.forEach(column -> column.setRequiresGradient(true));
            StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, batch);
            double[][] rows = new double[batch][];
            java.util.Arrays.fill(rows, MANY);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                StageColumns stages = new StageColumns(columns);
                try (io.github.neuralode.engine.Autograd.GradModeScope paused =
                        io.github.neuralode.engine.Autograd.pause()) {
                    combiner.combine(stages, rows);
                }
                collector.backward(combiner.combine(stages, rows).sum());
            }
            for (int j = 0; j < MANY.length; j++) {
                double[] expected = new double[batch * 2];
                java.util.Arrays.fill(expected, MANY[j]);
                NDArray gradient = columns.get(j).getGradient().toType(DataType.FLOAT64, false);
                assertArrayEquals(expected, gradient.toDoubleArray(), 0.0, "column " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void coefficientCountMustMatchTheColumns(int count) {
        try (NDManager manager = NDManager.newBaseManager()) {
            StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, 1);
            List<NDArray> columns = List.of(manager.ones(new Shape(2, 2)), manager.ones(new Shape(2, 2)),
                    manager.ones(new Shape(2, 2)), manager.ones(new Shape(2, 2)));
            assertThrows(IllegalArgumentException.class,
                    () -> combiner.combineShared(columns, new double[count]));
            assertThrows(IllegalArgumentException.class,
                    () -> combiner.combineSharedMany(columns, List.of(new double[count])));
            assertThrows(IllegalArgumentException.class,
                    () -> combiner.combine(columns, new double[][] {new double[count]}));
            assertThrows(IllegalArgumentException.class,
                    () -> combiner.combine(columns, new double[2][4]));
        }
    }

    private static double[][] values(int size, int count) {
        double[][] values = new double[count][size];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < size; i++) {
                values[j][i] = Math.sin(0.37 * i + 1.3 * j) + j;
            }
        }
        return values;
    }

    private static List<NDArray> columns(NDManager manager, double[][] values, Shape shape) {
        List<NDArray> columns = new ArrayList<>();
        for (double[] column : values) {
            columns.add(manager.create(column, shape));
        }
        return columns;
    }

    private static double[] javaSum(double[][] values, double[] weights) {
        double[] sum = new double[values[0].length];
        for (int j = 0; j < weights.length; j++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += weights[j] * values[j][i];
            }
        }
        return sum;
    }
}
