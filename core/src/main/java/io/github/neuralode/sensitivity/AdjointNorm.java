package io.github.neuralode.sensitivity;

/**
 * How {@link BacksolveAdjoint} measures the local error of its backward solve of the augmented
 * state {@code [y, a, a_theta]}.
 */
public enum AdjointNorm {
    /** RMS over every component, parameter adjoint included (torchdiffeq's default). */
    FULL,
    /**
     * RMS over the state and the state adjoint only: the parameter adjoint {@code a_theta} is a
     * pure integral that feeds back into nothing, so its error need not steer the step (Kidger,
     * Chen and Lyons, "Hey, that's not an ODE", 2021). Usually fewer backward steps at the same
     * gradient accuracy.
     */
    SEMINORM
}
