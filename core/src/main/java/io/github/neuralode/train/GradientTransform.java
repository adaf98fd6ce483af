package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Preconditions;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;

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
 * <p>Gradients are modified in place, outside recording: on one device the parameters' own
 * arrays ({@link #apply}); in data-parallel training every device copy, with the norm of the
 * gradients summed over the copies, which is what the optimizer steps with ({@link
 * #applyToCopies}). A zero or non-finite norm is reported and the gradients are left unchanged.
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
     * Applies the transform to the gradients of all parameters that require one (one device).
     *
     * @param parameters the model's parameters (for example {@code block.getParameters().values()})
     * @return the global norm before the transform (NaN or infinite if a gradient is)
     */
    public double apply(Iterable<Parameter> parameters) {
        List<List<NDArray>> copies = new ArrayList<>();
        for (NDArray gradient : gradients(parameters)) {
            copies.add(List.of(gradient));
        }
        try {
            return applyToCopies(copies);
        } finally {
            copies.forEach(list -> list.forEach(NDArray::close));
        }
    }

    /**
     * Applies the transform to gradients spread over device copies, as data-parallel training
     * leaves them: the optimizer steps with each parameter's gradient summed over its copies, so
     * the global norm is that of the sums, and every copy is scaled by the same factor (which
     * scales the sums by it).
     *
     * @param gradientsPerParameter per parameter, its gradient on each device (one entry on a
     *     single device)
     * @return the global norm of the summed gradients before the transform
     */
    public double applyToCopies(List<List<NDArray>> gradientsPerParameter) {
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            double total = 0;
            for (List<NDArray> copies : gradientsPerParameter) {
                total += sumOfSquares(copies);
            }
            double globalNorm = Math.sqrt(total);
            double scale = scale(globalNorm);
            if (scale != 1.0) {
                gradientsPerParameter.forEach(copies -> copies.forEach(g -> g.muli(scale)));
            }
            return globalNorm;
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

    /** The squared norm of the sum of one parameter's copies (summed on the first copy's device). */
    private static double sumOfSquares(List<NDArray> copies) {
        NDArray first = copies.get(0);
        NDArray sum = first;
        try {
            for (NDArray copy : copies.subList(1, copies.size())) {
                try (NDArray moved = copy.toDevice(first.getDevice(), true)) {
                    NDArray next = sum.add(moved);
                    if (sum != first) {
                        sum.close();
                    }
                    sum = next;
                }
            }
            try (NDArray squares = sum.square();
                    NDArray total = squares.sum();
                    NDArray wide = total.toType(DataType.FLOAT64, false)) {
                return HostReads.scalar(wide);
            }
        } finally {
            if (sum != first) {
                sum.close();
            }
        }
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
