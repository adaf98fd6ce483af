package io.github.neuralode.solver;

/**
 * Which output times a step {@code (t, t + h]} produces, and at which fraction of the step: the
 * rule shared by the solver's output recorder and the adjoints that replay its steps.
 *
 * <p>The end of a step is computed exactly as the clocks advance ({@code t + h}, or the end time
 * itself for the step that lands there), so consecutive steps tile the time axis without gaps: an
 * output that rounding puts a hair past {@code t + h} by a ratio test belongs to no step otherwise.
 */
public final class StepWindow {

    private StepWindow() {}

    /**
     * Returns the end of a step as the clocks compute it.
     *
     * @param t the start of the step
     * @param h the signed step
     * @param tEnd the end time of the solve
     * @return {@code tEnd} for the landing step, otherwise {@code t + h}
     */
    public static double end(double t, double h, double tEnd) {
        return h == tEnd - t ? tEnd : t + h;
    }

    /**
     * Returns whether {@code time} lies in the step {@code (t, t + h]} (or {@code [t + h, t)} for
     * negative steps); a step with {@code h = 0} contains nothing.
     *
     * @param time the output time
     * @param t the start of the step
     * @param h the signed step
     * @param tEnd the end time of the solve
     * @return whether the output belongs to this step
     */
    public static boolean contains(double time, double t, double h, double tEnd) {
        double end = end(t, h, tEnd);
        return h > 0 ? time > t && time <= end : h < 0 && time < t && time >= end;
    }

    /**
     * Returns the fraction of the step at which {@code time} lies: exactly 1 at its end.
     *
     * @param time an output time inside the step
     * @param t the start of the step
     * @param h the signed step
     * @param tEnd the end time of the solve
     * @return theta in (0, 1]
     */
    public static double theta(double time, double t, double h, double tEnd) {
        return time == end(t, h, tEnd) ? 1.0 : Math.min(1.0, (time - t) / h);
    }
}
