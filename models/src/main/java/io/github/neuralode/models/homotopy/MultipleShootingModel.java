package io.github.neuralode.models.homotopy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import io.github.neuralode.engine.OwnedArrays;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The model of multiple-shooting training on one measured trajectory: the {@code T} samples are
 * split into {@code m} consecutive segments (sizes differing by at most one, the longer first, as
 * {@code torch.tensor_split}); segment 0 starts at the given initial state, segment {@code i > 0}
 * at its first sample plus a learned offset {@code e_i} (parameter {@code offsets}, {@code (m - 1,
 * n)}, initially 0); every segment but the last is solved through the next segment's first
 * sample time. Gradients flow through the solver (autograd).
 *
 * <p>Input: the initial state {@code (1, n)}. Output: the predictions at all sample times, {@code
 * (1, T, n)} (each segment's own), and the continuity gaps {@code (m - 1, n)}: segment {@code i}'s
 * end minus segment {@code i + 1}'s start. {@link ShootingLoss} turns both into the loss.
 */
public final class MultipleShootingModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block network;
    private final OdeSolver solver;
    private final double[] times;
    private final double[][] values;
    private final int[] starts;
    private final Parameter offsets;

    /**
     * Creates the model.
     *
     * @param network the model field, {@code (batch, n) -> (batch, n)}, autonomous
     * @param solver the solver of every segment
     * @param times the sample times, increasing
     * @param values the samples {@code [T][n]}
     * @param intervals the number of segments {@code m}, from 2 to {@code T / 2}
     */
    public MultipleShootingModel(
            Block network, OdeSolver solver, double[] times, double[][] values, int intervals) {
        super(VERSION);
        if (times.length != values.length) {
            throw new IllegalArgumentException(
                    "times has " + times.length + " entries but values " + values.length
                            + " rows: give one row per time");
        }
        if (intervals < 2 || 2 * intervals > times.length) {
            throw new IllegalArgumentException(
                    "intervals must lie in [2, T / 2] so that every segment has two samples; got "
                            + intervals
                            + " for T = "
                            + times.length);
        }
        this.network = addChildBlock("network", network);
        this.solver = solver;
        this.times = times.clone();
        this.values = values.clone();
        this.starts = segmentStarts(times.length, intervals);
        this.offsets =
                addParameter(
                        Parameter.builder()
                                .setName("offsets")
                                .setType(Parameter.Type.OTHER)
                                .optInitializer(Initializer.ZEROS)
                                .optShape(new Shape(intervals - 1, values[0].length))
                                .build());
    }

    /**
     * The first sample of each segment, {@code m + 1} entries ending with {@code T}.
     *
     * @param samples {@code T}
     * @param intervals {@code m}
     * @return the segment starts and {@code T}
     */
    static int[] segmentStarts(int samples, int intervals) {
        int[] starts = new int[intervals + 1];
        int base = samples / intervals;
        int longer = samples % intervals;
        for (int i = 0; i < intervals; i++) {
            starts[i + 1] = starts[i] + base + (i < longer ? 1 : 0);
        }
        return starts;
    }

    /**
     * Returns the model field.
     *
     * @return {@code U}
     */
    public Block getNetwork() {
        return network;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray u0 = inputs.singletonOrThrow();
        int n = values[0].length;
        if (u0.getShape().dimension() != 2 || u0.getShape().get(0) != 1 || u0.getShape().get(1) != n) {
            throw new IllegalArgumentException(
                    "the input must be the initial state (1, " + n + "), got " + u0.getShape());
        }
        NDManager manager = u0.getManager();
        DataType dataType = u0.getDataType();
        NDArray data = OwnedArrays.copyOf(manager, values, dataType).toDevice(u0.getDevice(), false);
        NDArray shifts = parameterStore.getValue(offsets, u0.getDevice(), training);
        VectorField field =
                VectorFieldBlock.fieldOf(network, parameterStore, u0, training, TimeInput.NONE);
        int segments = starts.length - 1;
        List<NDArray> pieces = new ArrayList<>();
        List<NDArray> gaps = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            int first = starts[i];
            int next = starts[i + 1];
            boolean last = i == segments - 1;
            NDArray start = i == 0 ? u0 : data.get(first + ":" + (first + 1)).add(shifts.get(i - 1 + ":" + i));
            double[] segmentTimes = Arrays.copyOfRange(times, first, last ? next : next + 1);
            NDArray states = solver.solve(field, start, SaveAt.times(segmentTimes)).outputs();
            pieces.add(states.get("0:" + (next - first)));
            if (!last) {
                gaps.add(
                        states.get(next - first)
                                .sub(data.get(next + ":" + (next + 1)))
                                .sub(shifts.get(i + ":" + (i + 1))));
            }
        }
        NDArray trajectory = NDArrays.concat(new NDList(pieces), 0).transpose(1, 0, 2);
        return new NDList(trajectory, NDArrays.concat(new NDList(gaps), 0));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int n = values[0].length;
        return new Shape[] {new Shape(1, times.length, n), new Shape(starts.length - 2, n)};
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "MultipleShootingModel(" + (starts.length - 1) + " segments of " + network + ")";
    }
}
