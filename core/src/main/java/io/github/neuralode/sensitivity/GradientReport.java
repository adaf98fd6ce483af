package io.github.neuralode.sensitivity;

import java.util.List;

/**
 * The result of a {@link GradientCheck}: relative errors per tensor (the vector field's parameter
 * tensors by name, and {@code "y0"} for the input), each {@code |g - ref| / |ref|} in 2-norms.
 *
 * @param tensors one row per tensor, parameters first, {@code y0} last
 */
public record GradientReport(List<GradientReport.TensorErrors> tensors) {

    /**
     * The errors of one tensor.
     *
     * @param name the parameter name, or {@code "y0"}
     * @param checkpointVsDirect CHECKPOINT_ADJOINT against DIRECT (round-off expected)
     * @param backsolveVsDirect BACKSOLVE_ADJOINT against DIRECT (set by the tolerances)
     * @param directVsFiniteDifferences DIRECT against central finite differences, on the sampled
     *     entries only
     */
    public record TensorErrors(
            String name,
            double checkpointVsDirect,
            double backsolveVsDirect,
            double directVsFiniteDifferences) {}

    /**
     * Returns the largest error of an adjoint against DIRECT over all tensors.
     *
     * @param sensitivity {@link Sensitivity#CHECKPOINT_ADJOINT} or {@link
     *     Sensitivity#BACKSOLVE_ADJOINT}
     * @return the largest relative error
     */
    public double maxErrorVsDirect(Sensitivity sensitivity) {
        return tensors.stream()
                .mapToDouble(
                        t ->
                                sensitivity == Sensitivity.CHECKPOINT_ADJOINT
                                        ? t.checkpointVsDirect()
                                        : sensitivity == Sensitivity.BACKSOLVE_ADJOINT
                                                ? t.backsolveVsDirect()
                                                : 0.0)
                .max()
                .orElse(0.0);
    }

    /**
     * Returns the largest error of DIRECT against finite differences over all tensors.
     *
     * @return the largest relative error
     */
    public double maxFiniteDifferenceError() {
        return tensors.stream().mapToDouble(TensorErrors::directVsFiniteDifferences).max().orElse(0.0);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        StringBuilder table =
                new StringBuilder(
                        String.format(
                                "%-40s %14s %14s %14s%n",
                                "tensor", "checkpoint", "backsolve", "direct-vs-fd"));
        for (TensorErrors t : tensors) {
            table.append(
                    String.format(
                            "%-40s %14.3e %14.3e %14.3e%n",
                            t.name(),
                            t.checkpointVsDirect(),
                            t.backsolveVsDirect(),
                            t.directVsFiniteDifferences()));
        }
        return table.toString();
    }
}
