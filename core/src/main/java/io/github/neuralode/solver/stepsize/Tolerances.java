package io.github.neuralode.solver.stepsize;

/**
 * The relative and absolute tolerances of an adaptive controller: each one value for every state
 * component, or one value per component of the flattened state.
 *
 * @param rtol relative tolerances, positive
 * @param atol absolute tolerances, positive
 */
public record Tolerances(double[] rtol, double[] atol) {

    /** Copies the arrays. */
    public Tolerances {
        rtol = rtol.clone();
        atol = atol.clone();
    }

    /**
     * Returns a copy of the relative tolerances.
     *
     * @return rtol
     */
    @Override
    public double[] rtol() {
        return rtol.clone();
    }

    /**
     * Returns a copy of the absolute tolerances.
     *
     * @return atol
     */
    @Override
    public double[] atol() {
        return atol.clone();
    }
}
