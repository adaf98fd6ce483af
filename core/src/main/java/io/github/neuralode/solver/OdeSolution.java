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
    private final int[] cause;
    private final double[] reachedTime;
    private final double[] lastStep;
    private final SolveStats stats;
    private final String advice;

    /**
     * Creates a solution (the solver does this).
     *
     * @param outputs the states {@code (times, batch, state...)}
     * @param times the times of the outputs
     * @param status per sample
     * @param cause per sample, the sample whose failure stopped it (itself, another sample of a
     *     shared step, or -1 for success or a failure no single sample caused)
     * @param reachedTime per sample, the time reached
     * @param lastStep per sample, the last attempted step size
     * @param stats the counters
     * @param advice what the method observed about a failure, added to the exception's message
     *     (empty when it has nothing to add)
     */
    public OdeSolution(
            NDArray outputs,
            double[] times,
            SolveStatus[] status,
            int[] cause,
            double[] reachedTime,
            double[] lastStep,
            SolveStats stats,
            String advice) {
        this.outputs = outputs;
        this.times = times.clone();
        this.status = status.clone();
        this.cause = cause.clone();
        this.reachedTime = reachedTime.clone();
        this.lastStep = lastStep.clone();
        this.stats = stats;
        this.advice = advice;
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
     * Returns which sample's failure stopped a sample: the sample itself when it failed on its
     * own, another sample when they shared steps ({@link StepMode#SHARED} stops the whole batch
     * with the first sample that fails), or -1 when the sample succeeded or no single sample
     * caused the failure (a step budget that a shared batch used up together).
     *
     * @param sample the sample index
     * @return the index of the failing sample, or -1
     */
    public int cause(int sample) {
        return cause[sample];
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
                        stats.method(),
                        stats.wallNanos());
        return new OdeSolution(outputs, times, status, cause, reachedTime, lastStep, updated, advice);
    }

    /**
     * Throws if any sample failed, naming the sample that failed (in a shared step, the one that
     * stopped the batch), the time, the step and the fix.
     *
     * @return this solution, for chaining
     * @throws OdeSolveException if a sample did not reach the end time
     */
    public OdeSolution throwIfFailed() {
        int first = firstFailure();
        if (first < 0) {
            return this;
        }
        long failed = Arrays.stream(status).filter(s -> s != SolveStatus.SUCCESS).count();
        String who;
        String scope;
        if (cause[first] < 0) {
            who = "the whole batch";
            scope =
                    String.format(
                            "%d of %d samples stopped together: SHARED steps move the batch as one"
                                    + " and no single sample caused it",
                            failed, status.length);
        } else if (failed == 1 || !stoppedByOthers(first)) {
            who = "sample " + first;
            scope = String.format("%d of %d samples failed", failed, status.length);
        } else {
            who = "sample " + first;
            scope =
                    String.format(
                            "%d other samples stopped with it because SHARED steps move the batch"
                                    + " together; StepMode.PER_SAMPLE lets them finish, and"
                                    + " OnFailure.RETURN returns their results",
                            failed - 1);
        }
        String message =
                String.format(
                        "ODE solve failed for %s (%s): %s at t = %.10g with step size h = %.3g"
                                + " (integrating to t = %.10g). %s",
                        who,
                        scope,
                        status[first].description(),
                        reachedTime[first],
                        lastStep[first],
                        times[times.length - 1],
                        // the method's own diagnosis names its fix; the status's generic one otherwise
                        advice.isEmpty() ? "Fix: " + status[first].hint() + "." : advice);
        throw new OdeSolveException(message, this);
    }

    /** Whether any failed sample other than {@code culprit} was stopped by it. */
    private boolean stoppedByOthers(int culprit) {
        for (int i = 0; i < status.length; i++) {
            if (i != culprit && status[i] != SolveStatus.SUCCESS && cause[i] == culprit) {
                return true;
            }
        }
        return false;
    }

    /** The first sample that failed on its own, else the first failed sample, else -1. */
    private int firstFailure() {
        int fallback = -1;
        for (int i = 0; i < status.length; i++) {
            if (status[i] == SolveStatus.SUCCESS) {
                continue;
            }
            if (cause[i] == i) {
                return i;
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        return fallback;
    }
}
