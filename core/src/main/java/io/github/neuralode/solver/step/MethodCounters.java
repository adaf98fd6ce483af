package io.github.neuralode.solver.step;

/**
 * What a method reports about its work during one solve, beyond the vector-field evaluations the
 * loop counts itself: Jacobians, linear-system factorisations, and how many attempted steps ran
 * with a stiff or a non-stiff method (and how often an automatic switch changed between them).
 * Counts are per batched attempt (one attempt advances every step group); Java-side only.
 */
public final class MethodCounters {

    private long jacobians;
    private long factorizations;
    private long stiffSteps;
    private long nonStiffSteps;
    private long switches;

    /** Records one batched Jacobian evaluation. */
    public void jacobian() {
        jacobians++;
    }

    /** Records one batched factorisation of the step's linear system. */
    public void factorization() {
        factorizations++;
    }

    /**
     * Records one attempted step and which kind of method took it.
     *
     * @param stiff whether a stiff (implicit or Rosenbrock) method took it
     */
    public void step(boolean stiff) {
        if (stiff) {
            stiffSteps++;
        } else {
            nonStiffSteps++;
        }
    }

    /** Records a change of method by an automatic switch. */
    public void methodSwitch() {
        switches++;
    }

    /**
     * Returns the counts so far.
     *
     * @return an immutable snapshot
     */
    public MethodCounts snapshot() {
        return new MethodCounts(jacobians, factorizations, stiffSteps, nonStiffSteps, switches);
    }
}
