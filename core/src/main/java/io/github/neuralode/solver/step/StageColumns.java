package io.github.neuralode.solver.step;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.engine.Autograd;

import java.util.List;

/**
 * The columns {@code [y, k_0, ..., k_(E-1)]} of one step, each {@code (batch, n)}, for the sums a
 * {@link StageCombiner} forms from them, with their last-axis stack made once when a stacked sum
 * first needs it: per-sample dense output evaluates a step in several rounds (one output per
 * sample and round), and the error estimate and every round share the stack. The stack is
 * recorded on the autograd tape if the columns were wrapped while recording, even when it is
 * first needed with recording paused (as for the error estimate), so that dense outputs keep
 * their gradients. It belongs to the first column's manager, so it lives as long as the step's
 * arrays.
 */
public final class StageColumns {

    private final List<NDArray> columns;
    private final boolean recorded;
    private NDArray lastAxisStack;

    /**
     * Wraps a step's columns.
     *
     * @param columns arrays of the same shape {@code (batch, n)}
     */
    public StageColumns(List<NDArray> columns) {
        this.columns = columns;
        this.recorded = Autograd.isRecording();
    }

    /**
     * Returns the columns.
     *
     * @return the arrays, in order
     */
    public List<NDArray> list() {
        return columns;
    }

    /** The columns stacked on a new last axis, {@code (batch, n, m)}, made on the first call. */
    NDArray lastAxisStack() {
        if (lastAxisStack == null) {
            try (Autograd.GradModeScope mode = recorded ? Autograd.record() : Autograd.pause()) {
                lastAxisStack = StageCombiner.lastAxisStack(columns);
            }
        }
        return lastAxisStack;
    }
}
