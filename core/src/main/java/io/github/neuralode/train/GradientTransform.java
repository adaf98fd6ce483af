package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Preconditions;

import io.github.neuralode.engine.Autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * A rescaling of all parameter gradients by one common factor, chosen from their global norm
 * {@code ||g|| = sqrt(sum over all parameters of sum(g^2))}:
 *
 * <ul>
 *   <li>{@link Mode#NONE}: leave gradients unchanged;
 *   <li>{@link Mode#CLIP_GLOBAL_NORM}: if {@code ||g|| > norm}, scale by {@code norm / ||g||};
 *   <li>{@link Mode#NORMALIZE}: always scale to {@code ||g|| = norm} (the stiff neural ODE
 *       study rescales every gradient to norm 100).
 * </ul>
 *
 * <p>Gradients are modified in place, outside recording, on the parameters' own arrays (the
 * device copy that trains on a single device). A zero or non-finite norm is reported and the
 * gradients are left unchanged.
 *
 * @param mode what to do
 * @param norm the threshold or target norm (ignored for {@link Mode#NONE})
 */
public record GradientTransform(Mode mode, double norm) {

    /** Validates the norm. */
    public GradientTransform {
        Preconditions.checkArgument(
                mode == Mode.NONE || (norm > 0 && Double.isFinite(norm)),
                "the gradient norm bound must be positive and finite, got " + norm);
    }

    /**
     * Returns the identity transform.
     *
     * @return a transform that only measures the norm
     */
    public static GradientTransform none() {
        return new GradientTransform(Mode.NONE, 0);
    }

    /**
     * Returns clipping by global norm.
     *
     * @param maxNorm the largest allowed global norm
     * @return the transform
     */
    public static GradientTransform clipGlobalNorm(double maxNorm) {
        return new GradientTransform(Mode.CLIP_GLOBAL_NORM, maxNorm);
    }

    /**
     * Returns normalisation to a fixed global norm.
     *
     * @param targetNorm the global norm after the transform
     * @return the transform
     */
    public static GradientTransform normalizeTo(double targetNorm) {
        return new GradientTransform(Mode.NORMALIZE, targetNorm);
    }

    /**
     * Applies the transform to the gradients of all parameters that require one.
     *
     * @param parameters the model's parameters (for example {@code block.getParameters().values()})
     * @return the global norm before the transform (NaN or infinite if a gradient is)
     */
    public double apply(Iterable<Parameter> parameters) {
        List<NDArray> gradients = gradients(parameters);
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            double globalNorm = Math.sqrt(sumOfSquares(gradients));
            double scale = scale(globalNorm);
            if (scale != 1.0) {
                gradients.forEach(g -> g.muli(scale));
            }
            return globalNorm;
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    private double scale(double globalNorm) {
        if (!Double.isFinite(globalNorm) || globalNorm == 0) {
            return 1.0;
        }
        return switch (mode) {
            case NONE -> 1.0;
            case CLIP_GLOBAL_NORM -> globalNorm > norm ? norm / globalNorm : 1.0;
            case NORMALIZE -> norm / globalNorm;
        };
    }

    private static List<NDArray> gradients(Iterable<Parameter> parameters) {
        List<NDArray> gradients = new ArrayList<>();
        for (Parameter parameter : parameters) {
            if (parameter.requiresGradient()
                    && parameter.isInitialized()
                    && parameter.getArray().hasGradient()) {
                gradients.add(parameter.getArray().getGradient());
            }
        }
        return gradients;
    }

    private static double sumOfSquares(List<NDArray> gradients) {
        double total = 0;
        for (NDArray g : gradients) {
            try (NDArray squares = g.square();
                    NDArray sum = squares.sum();
                    NDArray wide = sum.toType(DataType.FLOAT64, false)) {
                total += wide.getDouble();
            }
        }
        return total;
    }

    /** What the transform does with the global norm. */
    public enum Mode {
        /** Leave gradients unchanged. */
        NONE,
        /** Scale down to the bound when the global norm exceeds it. */
        CLIP_GLOBAL_NORM,
        /** Scale to the target norm every time. */
        NORMALIZE
    }
}
