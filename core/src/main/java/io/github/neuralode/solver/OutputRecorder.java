package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.solver.step.ConstantArrays;
import io.github.neuralode.solver.step.Interpolant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the states at the requested output times while the loop steps: the initial state,
 * dense-output values inside accepted steps, and the end state. Works on flattened {@code (batch,
 * n)} states; {@link #finish} stacks them into {@code (times, batch, n)}.
 *
 * <p>In {@code SHARED} mode all outputs inside a step are interpolated for the whole batch by one
 * matrix product into a {@code (batch, n, outputs)} chunk; the chunks are joined once at the end.
 * In {@code PER_SAMPLE} mode samples reach an output in different steps, so each round
 * interpolates every sample at its own fraction of the step and merges the samples that hit an
 * output with a mask.
 */
final class OutputRecorder {

    private final double[] times;
    private final NDManager manager;
    private final DataType dataType;
    private final StepClocks clocks;
    private final int batch;
    private final NDArray[] outputs;
    private final List<NDArray> sharedChunks = new ArrayList<>();
    private final int[] next;

    OutputRecorder(
            double[] times,
            NDManager manager,
            DataType dataType,
            StepClocks clocks,
            int batch) {
        this.times = times;
        this.manager = manager;
        this.dataType = dataType;
        this.clocks = clocks;
        this.batch = batch;
        this.outputs = new NDArray[times.length];
        this.next = new int[batch];
        Arrays.fill(next, 1);
    }

    void recordInitial(NDArray y0) {
        outputs[0] = y0;
        if (clocks.groups() == 1) {
            NDArray first = y0.expandDims(-1);
            first.attach(manager);
            sharedChunks.add(first);
        }
    }

    /**
     * Records every output time that falls inside an accepted step (t, t + h].
     *
     * @return the outputs recorded, with their fractions of the step
     */
    List<OutputHit> recordStep(Interpolant interpolant, double[] h, boolean[] accept) {
        List<OutputHit> hits = new ArrayList<>();
        if (clocks.groups() == 1) {
            recordShared(interpolant, h, accept[0], hits);
        } else {
            recordPerSample(interpolant, h, accept, hits);
        }
        return hits;
    }

    private void recordShared(
            Interpolant interpolant, double[] h, boolean accept, List<OutputHit> hits) {
        if (!accept) {
            return;
        }
        double t = clocks.t[0];
        int first = next[0];
        while (next[0] < times.length && StepWindow.contains(times[next[0]], t, h[0], tEnd())) {
            next[0]++;
        }
        if (next[0] > first) {
            double[] thetas = new double[next[0] - first];
            for (int j = first; j < next[0]; j++) {
                thetas[j - first] = StepWindow.theta(times[j], t, h[0], tEnd());
                hits.add(new OutputHit(j, 0, thetas[j - first], 0));
            }
            NDArray chunk = interpolant.atFractions(thetas);
            chunk.attach(manager);
            sharedChunks.add(chunk);
        }
    }

    private void recordPerSample(
            Interpolant interpolant, double[] h, boolean[] accept, List<OutputHit> hits) {
        for (int round = 0; ; round++) {
            double[] thetas = new double[batch];
            int[] target = new int[batch];
            boolean any = false;
            for (int b = 0; b < batch; b++) {
                target[b] = -1;
                int j = next[b];
                if (accept[b]
                        && j < times.length
                        && StepWindow.contains(times[j], clocks.t[b], h[b], tEnd())) {
                    thetas[b] = StepWindow.theta(times[j], clocks.t[b], h[b], tEnd());
                    hits.add(new OutputHit(j, b, thetas[b], round));
                    target[b] = j;
                    next[b]++;
                    any = true;
                }
            }
            if (!any) {
                return;
            }
            mergeByOutput(interpolant.atGroupFractions(thetas), target);
        }
    }

    private void mergeByOutput(NDArray value, int[] target) {
        boolean[] handled = new boolean[times.length];
        for (int j : target) {
            if (j < 0 || handled[j]) {
                continue;
            }
            handled[j] = true;
            boolean[] mask = new boolean[batch];
            for (int b = 0; b < batch; b++) {
                mask[b] = target[b] == j;
            }
            NDArray maskArray = ConstantArrays.rowMask(manager, mask, value.getShape().get(1));
            NDArray previous = outputs[j] != null ? outputs[j] : missing(value.getShape());
            keep(j, NDArrays.where(maskArray, value, previous));
            previous.close();
        }
    }

    /** Returns whether {@code array} is one of the recorded outputs (so the loop keeps it). */
    boolean holds(NDArray array) {
        for (NDArray output : outputs) {
            if (output == array) {
                return true;
            }
        }
        return false;
    }

    private double tEnd() {
        return times[times.length - 1];
    }

    private void keep(int index, NDArray value) {
        value.attach(manager);
        outputs[index] = value;
    }

    private NDArray missing(Shape shape) {
        return manager.full(shape, Float.NaN, dataType);
    }

    /**
     * Stacks the outputs; outputs never reached (failed samples) are NaN.
     *
     * @param finalState the state when the loop ended, used for final-state requests
     * @param finalOnly whether only the final state is requested
     * @return {@code (times, batch, n)} or {@code (1, batch, n)}
     */
    NDArray finish(NDArray finalState, boolean finalOnly) {
        if (finalOnly) {
            return finalState.expandDims(0);
        }
        if (clocks.groups() == 1) {
            return joinSharedChunks(finalState.getShape());
        }
        for (int j = 0; j < outputs.length; j++) {
            if (outputs[j] == null) {
                outputs[j] = missing(finalState.getShape());
            }
        }
        return NDArrays.stack(new NDList(outputs), 0);
    }

    /** Joins the {@code (batch, n, k)} chunks along time and moves time first: {@code (times, batch, n)}. */
    private NDArray joinSharedChunks(Shape stateShape) {
        int reached = next[0];
        if (reached < times.length) {
            sharedChunks.add(missing(new Shape(stateShape.get(0), stateShape.get(1), times.length - reached)));
        }
        NDArray joined = NDArrays.concat(new NDList(sharedChunks), -1);
        return joined.transpose(2, 0, 1);
    }
}
