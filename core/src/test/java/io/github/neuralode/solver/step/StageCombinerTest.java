package io.github.neuralode.solver.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link StageCombiner#combineShared} and {@link StageCombiner#combineSharedMany} equal the sums
 * computed in Java, on both sides of the column size at which they switch from a last-axis to a
 * first-axis stack, with one step group and with one per sample.
 */
class StageCombinerTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 200})
    void sharedCombinationsEqualJavaSums(int batch) {
        int n = 20;
        assertEquals(batch * n >= StageCombiner.FIRST_AXIS_MIN_SIZE, batch == 200);
        double[] weights = {1.0, -0.5, 0.25, 2.0};
        double[] other = {0.0, 1.5, -1.0, 0.125};
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] values = new double[weights.length][batch * n];
            List<NDArray> columns = new ArrayList<>();
            for (int j = 0; j < weights.length; j++) {
                for (int i = 0; i < batch * n; i++) {
                    values[j][i] = Math.sin(0.37 * i + 1.3 * j) + j;
                }
                columns.add(manager.create(values[j], new Shape(batch, n)));
            }
            for (int groups : new int[] {1, batch}) {
                StageCombiner combiner = new StageCombiner(manager, DataType.FLOAT64, groups);
                NDArray one = combiner.combineShared(columns, weights);
                assertEquals(new Shape(batch, n), one.getShape());
                assertArrayEquals(javaSum(values, weights), one.toDoubleArray(), 1e-13);

                NDArray two = combiner.combineSharedMany(columns, List.of(weights, other));
                assertEquals(new Shape(batch, n, 2), two.getShape());
                assertArrayEquals(javaSum(values, weights),
                        two.get(":, :, 0").toDoubleArray(), 1e-13);
                assertArrayEquals(javaSum(values, other),
                        two.get(":, :, 1").toDoubleArray(), 1e-13);
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
        }
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
