package io.github.neuralode.models.trajectory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;

/**
 * The model of trajectory fitting: an initial state {@code (batch, n)} through an {@link OdeBlock}
 * with {@link OdeOutput#TRAJECTORY} to the states at the sample times, batch first {@code (batch,
 * T, n)} like the labels of an {@code ArrayDataset}, without the start when it is not a sample.
 * The stiff and homotopy fits train it; its parameter names are those of their checkpoints, so a
 * checkpoint loads into a model built with the same field.
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
}
