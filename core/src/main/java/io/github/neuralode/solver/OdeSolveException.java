package io.github.neuralode.solver;

/**
 * Thrown when a solve fails for at least one sample. The message names the first failing sample,
 * the time it reached, the step size it was trying and what to do about it; the partial
 * solution is attached.
 */
public class OdeSolveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient OdeSolution solution;

    /**
     * Creates the exception.
     *
     * @param message the explanation
     * @param solution the partial solution
     */
    public OdeSolveException(String message, OdeSolution solution) {
        super(message);
        this.solution = solution;
    }

    /**
     * Returns the partial solution (outputs not reached are NaN).
     *
     * @return the solution
     */
    public OdeSolution getSolution() {
        return solution;
    }
}
