package io.github.neuralode.check;

import io.github.neuralode.sensitivity.Sensitivity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a {@link GradientCheck}: relative errors per tensor (the vector field's parameter
 * tensors by name, and {@code "y0"} for the input), each {@code |g - ref| / |ref|} in 2-norms.
 *
 * @param tensors one row per tensor, parameters first, {@code y0} last
 */
public record GradientReport(List<GradientReport.TensorErrors> tensors) {

    /**
     * Copies the rows.
     *
     * @param tensors one row per tensor, each with the same compared sensitivities
     */
    public GradientReport {
        tensors = List.copyOf(tensors);
    }

    /**
     * The errors of one tensor.
     *
     * @param name the parameter name, or {@code "y0"}
     * @param vsDirect the error against DIRECT of every compared sensitivity, by {@link
     *     Sensitivity#name()} in the order compared (round-off expected for {@code checkpoint},
     *     set by the tolerances for {@code backsolve})
     * @param directVsFiniteDifferences DIRECT against central finite differences, on the sampled
     *     entries only
     */
    public record TensorErrors(
            String name, Map<String, Double> vsDirect, double directVsFiniteDifferences) {

        /**
         * Copies the errors, keeping their order.
         *
         * @param name the parameter name, or {@code "y0"}
         * @param vsDirect errors against DIRECT by sensitivity name
         * @param directVsFiniteDifferences DIRECT against central finite differences
         */
        public TensorErrors {
            vsDirect = Collections.unmodifiableMap(new LinkedHashMap<>(vsDirect));
        }

        /**
         * Returns the error of one sensitivity against DIRECT.
         *
         * @param sensitivity a compared sensitivity (matched by {@link Sensitivity#name()})
         * @return its relative error
         * @throws IllegalArgumentException if the sensitivity was not compared
         */
        public double errorVsDirect(Sensitivity sensitivity) {
            Double error = vsDirect.get(sensitivity.name());
            if (error == null) {
                throw new IllegalArgumentException(
                        sensitivity.name()
                                + " was not compared with DIRECT; the report has "
                                + vsDirect.keySet()
                                + " (GradientCheck.Builder.optSensitivities)");
            }
            return error;
        }
    }

    /**
     * Returns the largest error of a sensitivity against DIRECT over all tensors.
     *
     * @param sensitivity a compared sensitivity, for example {@link
     *     Sensitivity#CHECKPOINT_ADJOINT} or {@link Sensitivity#BACKSOLVE_ADJOINT}
     * @return the largest relative error
     * @throws IllegalArgumentException if the sensitivity was not compared
     */
    public double maxErrorVsDirect(Sensitivity sensitivity) {
        return tensors.stream().mapToDouble(t -> t.errorVsDirect(sensitivity)).max().orElse(0.0);
    }

    /**
     * Returns the largest error of DIRECT against finite differences over all tensors.
     *
     * @return the largest relative error
     */
    public double maxFiniteDifferenceError() {
        return tensors.stream()
                .mapToDouble(TensorErrors::directVsFiniteDifferences)
                .max()
                .orElse(0.0);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        List<String> compared =
                tensors.isEmpty() ? List.of() : List.copyOf(tensors.get(0).vsDirect().keySet());
        StringBuilder table = new StringBuilder(String.format("%-40s", "tensor"));
        for (String name : compared) {
            table.append(String.format(" %14s", name));
        }
        table.append(String.format(" %14s%n", "direct-vs-fd"));
        for (TensorErrors t : tensors) {
            table.append(String.format("%-40s", t.name()));
            for (String name : compared) {
                table.append(String.format(" %14.3e", t.vsDirect().get(name)));
            }
            table.append(String.format(" %14.3e%n", t.directVsFiniteDifferences()));
        }
        return table.toString();
    }
}
