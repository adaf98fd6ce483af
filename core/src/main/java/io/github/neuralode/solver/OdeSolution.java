package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;

/**
 * The result of a solve.
 *
 * <p>{@link #outputs()} has shape {@code (times, batch, state...)}: the state at every requested
 * time (for final-state requests a single time), with the data type and device of {@code y0},
 * recorded on the autograd tape when the solve was. Outputs a failed sample never reached are NaN.
 */
public final class OdeSolution {

    private final NDArray outputs;
    private final double[] times;
    private final SolveStatus[] status;
    private final double[] reachedTime;
    private final double[] lastStep;
    private final SolveStats stats;

    /**
     * Creates a solution (the solver does this).
     *
     * @param outputs the states {@code (times, batch, state...)}
     * @param times the times of the outputs
     * @param status per sample
     * @param reachedTime per sample, the time reached
     * @param lastStep per sample, the last attempted step size
     * @param stats the counters
     */
    public OdeSolution(
            NDArray outputs,
            double[] times,
            SolveStatus[] status,
            double[] reachedTime,
            double[] lastStep,
            SolveStats stats) {
        this.outputs = outputs;
        this.times = times.clone();
        this.status = status.clone();
        this.reachedTime = reachedTime.clone();
        this.lastStep = lastStep.clone();
        this.stats = stats;
    }

    /**
     * Returns the states at the output times.
     *
     * @return {@code (times, batch, state...)}
     */
    public NDArray outputs() {
        return outputs;
    }

    /**
     * Returns the state at the last output time.
     *
     * @return {@code (batch, state...)}
     */
    public NDArray finalState() {
        return outputs.get(times.length - 1);
    }

    /**
     * Returns the output times.
     *
     * @return a copy of the times, one per leading index of {@link #outputs()}
     */
    public double[] times() {
        return times.clone();
    }

    /**
     * Returns the status of every sample.
     *
     * @return a copy, one entry per sample
     */
    public SolveStatus[] status() {
        return status.clone();
    }

    /**
     * Returns the status of one sample.
     *
     * @param sample the sample index
     * @return its status
     */
    public SolveStatus status(int sample) {
        return status[sample];
    }

    /**
     * Returns whether every sample reached the end time.
     *
     * @return {@code true} on full success
     */
    public boolean isSuccess() {
        return Arrays.stream(status).allMatch(s -> s == SolveStatus.SUCCESS);
    }

    /**
     * Returns the counters of the solve.
     *
     * @return the statistics
     */
    public SolveStats stats() {
        return stats;
    }

    /**
     * Returns a copy of this solution whose statistics report the vector-field evaluations of an
     * adjoint backward pass (the outputs are shared, not copied).
     *
     * @param evaluations batched evaluations spent by the backward pass
     * @return the updated solution
     */
    public OdeSolution withBackwardEvaluations(long evaluations) {
        SolveStats updated =
                new SolveStats(
                        stats.functionEvaluations(),
                        stats.sampleEvaluations(),
                        stats.acceptedSteps(),
                        stats.rejectedSteps(),
                        evaluations,
                        stats.wallNanos());
        return new OdeSolution(outputs, times, status, reachedTime, lastStep, updated);
    }

    /**
     * Throws if any sample failed, naming the first failure: sample, time, step and the fix.
     *
     * @return this solution, for chaining
     * @throws OdeSolveException if a sample did not reach the end time
     */
    public OdeSolution throwIfFailed() {
        for (int i = 0; i < status.length; i++) {
            if (status[i] != SolveStatus.SUCCESS) {
                long failed = Arrays.stream(status).filter(s -> s != SolveStatus.SUCCESS).count();
                String message =
                        String.format(
                                "ODE solve failed for sample %d (%d of %d samples failed): %s at"
                                        + " t = %.10g with step size h = %.3g (integrating to t ="
                                        + " %.10g). Fix: %s.",
                                i,
                                failed,
                                status.length,
                                status[i].description(),
                                reachedTime[i],
                                lastStep[i],
                                times[times.length - 1],
                                status[i].hint());
                throw new OdeSolveException(message, this);
            }
        }
        return this;
    }
}
