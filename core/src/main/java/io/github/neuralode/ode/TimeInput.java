package io.github.neuralode.ode;

/** Whether a neural vector field sees the time {@code t} as an input feature. */
public enum TimeInput {
    /** Autonomous dynamics {@code dy/dt = net(y)}: the network input is the state only. */
    NONE,
    /**
     * Time-dependent dynamics {@code dy/dt = net([y, t])}: {@code t} is appended as the last
     * feature, so a state of shape {@code (batch, n)} reaches the network as {@code (batch, n+1)};
     * an image state {@code (batch, channels, height, width)} gets a last channel filled with
     * {@code t}, {@code (batch, channels + 1, height, width)}. Every sensitivity evaluates the
     * network with the same input.
     */
    APPEND
}
