package io.github.neuralode.solver;

/**
 * The outcome of a solve for one sample. Codes are stable integers; when statuses merge, the
 * larger code wins.
 */
public enum SolveStatus {
    /** Reached the end time. */
    SUCCESS(0, "reached the end time", ""),
    /** Stopped after the maximum number of steps. */
    MAX_STEPS_REACHED(
            1,
            "stopped after the maximum number of steps",
            "raise maxSteps or loosen rtol/atol; if the problem is stiff, explicit methods need"
                    + " tiny steps: use a stiff solver (Rosenbrock.of(RosenbrockTableaus.RODAS5P)) or"
                    + " AutoSwitch"),
    /** The step size fell below the minimum (or the resolution of t). */
    STEP_SIZE_TOO_SMALL(
            2,
            "the step size fell below the minimum step",
            "the solution may have a singularity here, or the problem is stiff (use a stiff"
                    + " solver such as Rosenbrock.of(RosenbrockTableaus.RODAS5P)); loosen rtol/atol,"
                    + " or lower minStep if you set one"),
    /** The state or its error estimate became NaN or infinite. */
    NON_FINITE_STATE(
            3,
            "the state became NaN or infinite",
            "the dynamics blow up or the step is unstable: check the vector field, lower the step"
                    + " size, or use an adaptive step-size controller");

    private final int code;
    private final String description;
    private final String hint;

    SolveStatus(int code, String description, String hint) {
        this.code = code;
        this.description = description;
        this.hint = hint;
    }

    /**
     * Returns the stable integer code (0 is success).
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * Returns what happened, in words.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Returns what to try next.
     *
     * @return the hint, empty for success
     */
    public String hint() {
        return hint;
    }

    /**
     * Returns the more severe of two statuses.
     *
     * @param other the other status
     * @return the one with the larger code
     */
    public SolveStatus merge(SolveStatus other) {
        return other.code > code ? other : this;
    }
}
