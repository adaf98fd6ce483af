package io.github.neuralode.models.trajectory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.dataset.ArrayDataset;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;

/**
 * The model of trajectory fitting: an initial state {@code (batch, n)} through an {@link OdeBlock}
 * with {@link OdeOutput#TRAJECTORY} to the states at the sample times, batch first {@code (batch,
 * T, n)} like the labels of an {@code ArrayDataset}, without the start when it is not a sample.
 * The stiff and homotopy fits train it; its parameter names are those of their checkpoints, so a
 * checkpoint loads into a model built with the same field. {@link #dataset} and {@link #rows}
 * carry their data in and their predictions out.
 */
public final class TrajectoryModel {

    private TrajectoryModel() {}

    /**
     * Builds the model.
     *
     * @param field the vector field block
     * @param solver the solver
     * @param sensitivity how gradients flow through the solve
     * @param timeInput whether the field block reads the time ({@code TimeInput.APPEND})
     * @param t0 the time of the initial state
     * @param times the sample times, increasing, none before {@code t0}
     * @return the model (uninitialized)
     */
    public static SequentialBlock of(
            Block field,
            OdeSolver solver,
            Sensitivity sensitivity,
            TimeInput timeInput,
            double t0,
            double[] times) {
        boolean dropStart = times[0] != t0;
        double[] solveTimes = times.clone();
        if (dropStart) {
            solveTimes = new double[times.length + 1];
            solveTimes[0] = t0;
            System.arraycopy(times, 0, solveTimes, 1, times.length);
        }
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(field)
                        .optSolver(solver)
                        .optSensitivity(sensitivity)
                        .optTimeInput(timeInput)
                        .optTimes(solveTimes)
                        .optOutput(OdeOutput.TRAJECTORY)
                        .build();
        // (times, batch, n) -> (batch, samples, n)
        return new SequentialBlock()
                .add(ode)
                .add(
                        new LambdaBlock(
                                list -> {
                                    NDArray batchFirst = list.singletonOrThrow().transpose(1, 0, 2);
                                    return new NDList(
                                            dropStart ? batchFirst.get(":, 1:, :") : batchFirst);
                                },
                                "batchFirstSamples"));
    }

    /**
     * The one-example dataset of trajectory fitting: the initial state and every sample.
     *
     * @param manager the owner of the arrays (and their device)
     * @param initialState the initial state, {@code n} values
     * @param values the samples {@code [T][n]}
     * @return data {@code (1, n)} and labels {@code (1, T, n)}, one batch of one example
     */
    public static ArrayDataset dataset(NDManager manager, double[] initialState, double[][] values) {
        int n = initialState.length;
        double[] flat = new double[values.length * n];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, flat, i * n, n);
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(initialState, new Shape(1, n)))
                .optLabels(manager.create(flat, new Shape(1, values.length, n)))
                .setSampling(1, false)
                .build();
    }

    /**
     * Reads states of {@code n} components back to Java, one row per state.
     *
     * @param states any shape holding {@code T * n} values, row-major ({@code (T, 1, n)} or
     *     {@code (1, T, n)} for one trajectory)
     * @param n the number of components
     * @return the states {@code [T][n]} as doubles
     */
    public static double[][] rows(NDArray states, int n) {
        double[] flat = HostReads.doubles(states);
        double[][] rows = new double[flat.length / n][n];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * n, rows[i], 0, n);
        }
        return rows;
    }
}
