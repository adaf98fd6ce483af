package io.github.neuralode.solver.stepsize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;

/**
 * The scaled RMS norm of adaptive stepping, per sample: {@code sqrt(mean_i (v_i / (atol_i + rtol_i
 * * max(|y0_i|, |y1_i|)))^2)} over the flattened state components of each sample.
 *
 * <p>Inputs are {@code (batch, n)} arrays; results are per-sample Java doubles (one host
 * synchronisation per call). Norms steer the step size and never carry gradients: they are
 * computed with recording paused.
 */
public final class ErrorNorm {

    private final NDArray rtol;
    private final NDArray atol;
    private final double rootN;

    private ErrorNorm(NDArray rtol, NDArray atol, long n) {
        this.rtol = rtol;
        this.atol = atol;
        this.rootN = Math.sqrt(n);
    }

    /**
     * Creates the tolerance arrays for states of {@code n} components.
     *
     * @param tolerances rtol and atol
     * @param manager the manager that owns the tolerance arrays for the solve
     * @param dataType the state's data type
     * @param n the number of state components per sample
     * @return the norm
     * @throws IllegalArgumentException if per-component tolerances do not have {@code n} entries
     */
    public static ErrorNorm of(Tolerances tolerances, NDManager manager, DataType dataType, long n) {
        return new ErrorNorm(
                tolerance("rtol", tolerances.rtol(), manager, dataType, n),
                tolerance("atol", tolerances.atol(), manager, dataType, n),
                n);
    }

    private static NDArray tolerance(
            String name, double[] values, NDManager manager, DataType dataType, long n) {
        if (values.length != 1 && values.length != n) {
            throw new IllegalArgumentException(
                    name
                            + " has "
                            + values.length
                            + " entries but the state has "
                            + n
                            + " components per sample: give one value or one per component");
        }
        Shape shape = values.length == 1 ? new Shape() : new Shape(n);
        return manager.create(values, shape).toType(dataType, false);
    }

    /**
     * Returns the error ratio of a step, per sample.
     *
     * @param error the error estimate {@code (batch, n)}
     * @param y0 the state at the start of the step {@code (batch, n)}
     * @param y1 the state at its end {@code (batch, n)}
     * @return per-sample ratios; a step is acceptable where the ratio is at most 1
     */
    public double[] ratio(NDArray error, NDArray y0, NDArray y1) {
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray scale = y0.abs().maximum(y1.abs()).mul(rtol).add(atol);
            return rms(error.div(scale));
        }
    }

    /**
     * Returns the norm of {@code v} scaled by {@code atol + rtol |y|}, per sample.
     *
     * @param v the vector {@code (batch, n)}
     * @param y the state that sets the scale {@code (batch, n)}
     * @return per-sample norms
     */
    public double[] scaled(NDArray v, NDArray y) {
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            return rms(v.div(y.abs().mul(rtol).add(atol)));
        }
    }

    /** Euclidean norm over the state axis divided by sqrt(n): one reduction, one transfer. */
    private double[] rms(NDArray scaled) {
        double[] norms = HostReads.doubles(scaled.norm(new int[] {1}));
        for (int b = 0; b < norms.length; b++) {
            norms[b] /= rootN;
        }
        return norms;
    }
}
