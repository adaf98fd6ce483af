package io.github.neuralode.experiments.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arrays and layer parameters as nested lists of doubles, the form in which the benchmark
 * commands hand weights and inputs to the side-by-side Python scripts ({@code workloads.json}).
 * float32 values widen to float64 exactly, so a script that reads them back as float32 gets the
 * very same numbers.
 */
final class ArrayExport {

    private ArrayExport() {}

    /**
     * The layers of a block in parameter order: one entry per weight, with the bias that follows
     * it (DJL's {@code Linear} and {@code Conv2d} register the weight first).
     *
     * @param block an initialised block
     * @return per layer {@code {"weight": nested (out, in, ...), "bias": [out]}}
     */
    static List<Map<String, Object>> layers(Block block) {
        List<Map<String, Object>> layers = new ArrayList<>();
        Map<String, Object> layer = null;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray array = pair.getValue().getArray();
            if (pair.getValue().getType() == Parameter.Type.WEIGHT) {
                layer = new LinkedHashMap<>();
                layers.add(layer);
                layer.put("weight", nested(array));
            } else if (layer != null) {
                layer.put("bias", array.toType(DataType.FLOAT64, false).toDoubleArray());
            }
        }
        return layers;
    }

    /**
     * An array of any rank as nested lists (a rank-1 array as a flat list).
     *
     * @param array the array
     * @return {@code double[]} for rank 1, otherwise one nested entry per index of axis 0
     */
    static Object nested(NDArray array) {
        return nested(array.toType(DataType.FLOAT64, false).toDoubleArray(), array.getShape());
    }

    /**
     * Row-major values of any rank as nested lists.
     *
     * @param flat the values, {@code shape.size()} of them
     * @param shape their shape, rank at least 1
     * @return {@code double[]} for rank 1, otherwise one nested entry per index of axis 0
     */
    static Object nested(double[] flat, Shape shape) {
        return nested(flat, shape, 0, 0);
    }

    /**
     * A row-major matrix as rows.
     *
     * @param matrix a rank-2 array
     * @return {@code (rows, columns)}
     */
    static double[][] rows(NDArray matrix) {
        return (double[][]) nested(matrix);
    }

    private static Object nested(double[] flat, Shape shape, int axis, int offset) {
        int length = (int) shape.get(axis);
        if (axis == shape.dimension() - 1) {
            double[] row = new double[length];
            System.arraycopy(flat, offset, row, 0, length);
            return row;
        }
        int stride = (int) (shape.size() / shape.slice(0, axis + 1).size());
        Object[] entries =
                axis == shape.dimension() - 2 ? new double[length][] : new Object[length];
        for (int i = 0; i < length; i++) {
            entries[i] = nested(flat, shape, axis + 1, offset + i * stride);
        }
        return entries;
    }
}
