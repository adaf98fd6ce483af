package io.github.neuralode.block;

/** What an {@link OdeBlock} returns. */
public enum OdeOutput {
    /** The state at the last time, shaped like the input {@code (batch, state...)}. */
    FINAL_STATE,
    /** The states at every time, {@code (times, batch, state...)}, the initial state first. */
    TRAJECTORY
}
