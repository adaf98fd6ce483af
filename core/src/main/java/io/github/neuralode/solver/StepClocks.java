package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * The Java-side clocks of a solve: time, step size, status and counters of every step group (one
 * group in {@code SHARED} mode, one per sample in {@code PER_SAMPLE} mode). Times never enter the
 * autograd tape; this class turns them into arrays of the shape the vector field expects.
 */
final class StepClocks {

    private final int groups;
    private final int batch;
    private final double tEnd;
    private final double direction;
    private final StepMode mode;
    private final DataType dataType;
    final double[] t;
    final double[] stepMagnitude;
    final double[] attempted;
    final boolean[] done;
    final SolveStatus[] status;
    /** Per group, the sample whose failure stopped it ({@code -1}: none, or not one sample). */
    final int[] cause;
    final long[] accepted;
    final long[] rejected;
    final long[] steps;

    StepClocks(StepMode mode, int batch, double t0, double tEnd, DataType dataType) {
        this.groups = mode == StepMode.SHARED ? 1 : batch;
        this.batch = batch;
        this.tEnd = tEnd;
        this.direction = Math.signum(tEnd - t0);
        this.mode = mode;
        this.dataType = dataType;
        this.t = new double[groups];
        Arrays.fill(t, t0);
        this.stepMagnitude = new double[groups];
        this.attempted = new double[groups];
        this.done = new boolean[groups];
        this.status = new SolveStatus[groups];
        Arrays.fill(status, SolveStatus.SUCCESS);
        this.cause = new int[groups];
        Arrays.fill(cause, -1);
        this.accepted = new long[groups];
        this.rejected = new long[groups];
        this.steps = new long[groups];
    }

    int groups() {
        return groups;
    }

    double direction() {
        return direction;
    }

    int groupOf(int sample) {
        return groups == 1 ? 0 : sample;
    }

    boolean allDone() {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    /** Signed step of every group for the next attempt: clipped to the end time, 0 when done. */
    double[] nextSteps() {
        double[] h = new double[groups];
        for (int g = 0; g < groups; g++) {
            if (done[g]) {
                continue;
            }
            double remaining = tEnd - t[g];
            h[g] =
                    stepMagnitude[g] * (1 + 1e-10) >= Math.abs(remaining)
                            ? remaining
                            : direction * stepMagnitude[g];
            attempted[g] = h[g];
        }
        return h;
    }

    /** Advances the accepted groups by their step; a step that was clipped lands exactly. */
    void advance(boolean[] accept, double[] h) {
        for (int g = 0; g < groups; g++) {
            if (done[g]) {
                continue;
            }
            steps[g]++;
            if (!accept[g]) {
                rejected[g]++;
                continue;
            }
            accepted[g]++;
            boolean lands = h[g] == tEnd - t[g];
            t[g] = lands ? tEnd : t[g] + h[g];
            if (lands) {
                done[g] = true;
            }
        }
    }

    /**
     * Stops a group with a failure.
     *
     * @param group the group
     * @param reason the status
     * @param culprit the sample that caused it, or -1 when no single sample did (ignored when the
     *     group has one sample: that sample is the cause)
     */
    void fail(int group, SolveStatus reason, int culprit) {
        if (status[group] == SolveStatus.SUCCESS) {
            cause[group] = groups == batch ? group : culprit;
        }
        status[group] = status[group].merge(reason);
        done[group] = true;
    }

    /**
     * The smallest step magnitude that still moves {@code t} where the group is now (a long span
     * such as [0, 1e11] must still allow tiny steps near 0).
     */
    double resolution(int group, double minStep) {
        return Math.max(minStep, 8 * Math.ulp(t[group]));
    }

    NDArray timeArray(NDManager manager, double[] groupValues) {
        return TimeArrays.create(manager, groupValues, mode, dataType);
    }

    NDArray stageTime(NDManager manager, double[] h, double c) {
        return timeArray(manager, TimeArrays.stage(t, h, c));
    }

    SolveStatus[] sampleStatus() {
        SolveStatus[] perSample = new SolveStatus[batch];
        for (int b = 0; b < batch; b++) {
            perSample[b] = status[groupOf(b)];
        }
        return perSample;
    }

    /** Per sample, the sample whose failure stopped it, or -1 (see {@link OdeSolution#cause}). */
    int[] sampleCauses() {
        int[] perSample = new int[batch];
        for (int b = 0; b < batch; b++) {
            perSample[b] = cause[groupOf(b)];
        }
        return perSample;
    }

    double[] sampleValues(double[] groupValues) {
        double[] perSample = new double[batch];
        for (int b = 0; b < batch; b++) {
            perSample[b] = groupValues[groupOf(b)];
        }
        return perSample;
    }

    long maxAccepted() {
        return Arrays.stream(accepted).max().orElse(0);
    }

    long totalRejected() {
        return Arrays.stream(rejected).sum();
    }
}
