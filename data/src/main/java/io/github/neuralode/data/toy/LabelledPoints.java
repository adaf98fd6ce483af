package io.github.neuralode.data.toy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;

import java.util.Arrays;

/**
 * A small synthetic dataset held in Java arrays: {@code n} input points of dimension {@code d}
 * and one float target each. Converts to float32 NDArrays, inputs {@code (n, d)} and targets
 * {@code (n, 1)} (one target per example, shaped like a one-output network's prediction), and to
 * a DJL {@link ArrayDataset}. The arrays are copied in and out.
 *
 * @param inputs {@code n} rows of {@code d} coordinates, {@code n >= 1}, {@code d >= 1}
 * @param targets {@code n} values: a class label such as -1/+1, or a regression value
 */
public record LabelledPoints(float[][] inputs, float[] targets) {

    /**
     * Checks and copies the arrays.
     *
     * @throws IllegalArgumentException if there are no points, the rows differ in length or the
     *     counts of inputs and targets differ
     */
    public LabelledPoints {
        if (inputs.length == 0 || inputs[0].length == 0) {
            throw new IllegalArgumentException("inputs must hold at least one non-empty point");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(
                    "inputs and targets must have the same count, got " + inputs.length + " and "
                            + targets.length);
        }
        inputs = copy(inputs);
        targets = targets.clone();
    }

    /**
     * Returns the points.
     *
     * @return a copy: {@code n} rows of {@code d} coordinates
     */
    @Override
    public float[][] inputs() {
        return copy(inputs);
    }

    /**
     * Returns the targets.
     *
     * @return a copy: {@code n} values
     */
    @Override
    public float[] targets() {
        return targets.clone();
    }

    /**
     * Returns the number of points.
     *
     * @return {@code n}
     */
    public int size() {
        return inputs.length;
    }

    /**
     * Returns the dimension of a point.
     *
     * @return {@code d}
     */
    public int dimension() {
        return inputs[0].length;
    }

    /**
     * Returns the points as one NDArray.
     *
     * @param manager the manager that will own the array
     * @return float32 {@code (n, d)}
     */
    public NDArray inputs(NDManager manager) {
        return manager.create(inputs);
    }

    /**
     * Returns the targets as one NDArray.
     *
     * @param manager the manager that will own the array
     * @return float32 {@code (n, 1)}
     */
    public NDArray targets(NDManager manager) {
        return manager.create(targets).reshape(targets.length, 1);
    }

    /**
     * Returns a dataset of all points in order, batched sequentially: examples {@code (d)},
     * targets {@code (1)}; the last batch may be smaller.
     *
     * @param manager the manager that will own the two NDArrays
     * @param batchSize examples per batch, at least 1
     * @return the dataset; batches are {@code (batch, d)} and {@code (batch, 1)}
     */
    public ArrayDataset toDataset(NDManager manager, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        return toDataset(manager, new BatchSampler(new SequenceSampler(), batchSize));
    }

    /**
     * Returns a dataset of all points with the given sampler, e.g. {@code new BatchSampler(new
     * RandomSampler(), batchSize)} to shuffle each epoch (seeded through {@code
     * Engine.getInstance().setRandomSeed}).
     *
     * @param manager the manager that will own the two NDArrays
     * @param sampler how batches are drawn
     * @return the dataset; examples {@code (d)}, targets {@code (1)}
     */
    public ArrayDataset toDataset(NDManager manager, Sampler sampler) {
        return new ArrayDataset.Builder()
                .setData(inputs(manager))
                .optLabels(targets(manager))
                .setSampling(sampler)
                .build();
    }

    private static float[][] copy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rows[0].length) {
                throw new IllegalArgumentException(
                        "every point must have " + rows[0].length + " coordinates, point " + i
                                + " has " + rows[i].length + ": " + Arrays.toString(rows[i]));
            }
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
