package io.github.neuralode.solver;

/** What {@link OdeSolver#solve} does when a sample does not reach the end time. */
public enum OnFailure {
    /** Throw an {@link OdeSolveException} naming the sample, time, step size and fix. */
    THROW,
    /** Return the partial solution; inspect {@link OdeSolution#status()}. */
    RETURN
}
