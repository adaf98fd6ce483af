package io.github.neuralode.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.concurrent.atomic.LongAdder;

/**
 * Every copy from an engine array to Java numbers in the solve loop goes through here, and is
 * counted. On a GPU each such read waits for the device to finish its queued work, so the solvers
 * keep them few: an explicit Runge-Kutta attempt reads one array per attempt (the per-sample error
 * norms, or without an error estimate one scalar that tells whether the state is finite), in
 * {@code SHARED} and {@code PER_SAMPLE} mode alike; a solve adds one read for its initial state's
 * finiteness and three for Hairer's initial step. Tests assert these bounds through {@link
 * #count()}.
 */
public final class HostReads {

    private static final LongAdder READS = new LongAdder();

    private HostReads() {}

    /**
     * Reads an array as doubles (converting it first if needed).
     *
     * @param array any shape, a numeric type
     * @return its values in row-major order
     */
    public static double[] doubles(NDArray array) {
        READS.increment();
        if (array.getDataType() == DataType.FLOAT64) {
            return array.toDoubleArray();
        }
        try (NDArray converted = array.toType(DataType.FLOAT64, false)) {
            return converted.toDoubleArray();
        }
    }

    /**
     * Reads a one-element array.
     *
     * @param array a float32 or float64 array with one element
     * @return its value
     */
    public static double scalar(NDArray array) {
        READS.increment();
        return array.getDataType() == DataType.FLOAT32 ? array.getFloat() : array.getDouble();
    }

    /**
     * Returns how many reads this process has made so far (all threads).
     *
     * @return the count
     */
    public static long count() {
        return READS.sum();
    }
}
