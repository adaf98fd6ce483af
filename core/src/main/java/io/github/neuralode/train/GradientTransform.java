package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
            double globalNorm = Math.sqrt(sumOfSquares(gradientsPerParameter));
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

    /**
     * The squared global norm of the summed copies, with one host read for all parameters: each
     * parameter's squared norm (its copies summed on its first copy's device) is stacked, as
     * float64, on the first parameter's device and summed there.
     */
    private static double sumOfSquares(List<List<NDArray>> gradientsPerParameter) {
        if (gradientsPerParameter.isEmpty()) {
            return 0;
        }
        NDArray anchor = gradientsPerParameter.get(0).get(0);
        try (NDManager scope = anchor.getManager().newSubManager(anchor.getDevice())) {
            NDList squaredNorms = new NDList(gradientsPerParameter.size());
            for (List<NDArray> copies : gradientsPerParameter) {
                NDArray first = copies.get(0);
                first.tempAttach(scope); // what is computed from it closes with the scope
                NDArray sum = first;
                for (NDArray copy : copies.subList(1, copies.size())) {
                    NDArray moved = copy.toDevice(first.getDevice(), true);
                    moved.attach(scope);
                    sum = sum.add(moved);
                }
                NDArray squaredNorm =
                        sum.square().sum().toType(DataType.FLOAT64, false).toDevice(anchor.getDevice(), false);
                squaredNorms.add(squaredNorm);
            }
            return HostReads.scalar(NDArrays.stack(squaredNorms).sum());
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
