package io.github.neuralode.check;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Compares the gradients of a scalar loss of an {@link OdeBlock}'s output under {@link
 * Sensitivity#DIRECT} with those of other sensitivities (by default {@link
 * Sensitivity#CHECKPOINT_ADJOINT} and {@link Sensitivity#BACKSOLVE_ADJOINT}) and with central
 * finite differences, per parameter tensor of the vector field and for the input.
 *
 * <pre>{@code
 * GradientReport report = GradientCheck.builder().setBlock(odeBlock).setInput(y0).build().run();
 * System.out.println(report); // one row per tensor
 * }</pre>
 *
 * <p>The block must be initialised; each sensitivity runs on a copy of the block that shares its
 * vector field (and so its parameters) and takes that sensitivity in place of the block's own.
 * Finite differences perturb a few evenly spaced entries of every tensor by {@code +-eps max(1,
 * |x|)}; use float64 for meaningful differences. Opens its own {@code GradientCollector} (call it
 * outside one); parameter gradients are zeroed before each sensitivity and left holding the last
 * one's.
 */
public final class GradientCheck {

    private final OdeBlock block;
    private final NDArray input;
    private final UnaryOperator<NDArray> loss;
    private final List<Sensitivity> sensitivities;
    private final int entries;
    private final double epsilon;

    private GradientCheck(Builder builder) {
        this.block = builder.block;
        this.input = builder.input;
        this.loss = builder.loss;
        this.sensitivities = List.copyOf(builder.sensitivities);
        this.entries = builder.entries;
        this.epsilon = builder.epsilon;
    }

    /**
     * Returns a builder (defaults: loss {@code mean(output^2)}, both standard adjoints, 4 entries
     * per tensor, eps 1e-6).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes the gradients under DIRECT and every compared sensitivity, and the finite
     * differences.
     *
     * @return the relative errors per tensor
     */
    public GradientReport run() {
        Map<String, double[]> direct = gradients(Sensitivity.DIRECT);
        Map<String, Map<String, double[]>> compared = new LinkedHashMap<>();
        for (Sensitivity sensitivity : sensitivities) {
            compared.put(sensitivity.name(), gradients(sensitivity));
        }
        List<GradientReport.TensorErrors> rows = new ArrayList<>();
        for (Map.Entry<String, NDArray> tensor : tensors().entrySet()) {
            String name = tensor.getKey();
            double[] reference = direct.get(name);
            Map<String, Double> vsDirect = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, double[]>> other : compared.entrySet()) {
                vsDirect.put(other.getKey(), relativeError(other.getValue().get(name), reference));
            }
            rows.add(
                    new GradientReport.TensorErrors(
                            name, vsDirect, finiteDifferenceError(tensor.getValue(), reference)));
        }
        return new GradientReport(rows);
    }

    /** The vector field's parameter arrays by name, then the input as {@code "y0"}. */
    private Map<String, NDArray> tensors() {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getVectorField().getParameters()) {
            tensors.put(pair.getKey(), pair.getValue().getArray());
        }
        tensors.put("y0", input);
        return tensors;
    }

    private Map<String, double[]> gradients(Sensitivity sensitivity) {
        OdeBlock variant = block.toBuilder().optSensitivity(sensitivity).build();
        Map<String, double[]> result = new LinkedHashMap<>();
        for (NDArray parameter : tensors().values()) {
            if (parameter != input) {
                Autograd.zeroGradient(parameter);
            }
        }
        try (NDManager scope = input.getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            ParameterStore store = new ParameterStore(scope, false);
            NDArray output = variant.forward(store, new NDList(x), true).head();
            OdeBackward.backward(collector, loss.apply(output));
            for (Map.Entry<String, NDArray> tensor : tensors().entrySet()) {
                NDArray owner = tensor.getValue() == input ? x : tensor.getValue();
                try (NDArray gradient = owner.getGradient()) {
                    result.put(tensor.getKey(), toDoubles(gradient));
                }
            }
        }
        return result;
    }

    private double finiteDifferenceError(NDArray target, double[] analytic) {
        long size = target.getShape().size();
        int count = (int) Math.min(entries, size);
        double difference = 0;
        double norm = 0;
        for (int e = 0; e < count; e++) {
            long flat = (size * (2L * e + 1)) / (2L * count);
            double fd = centralDifference(target, flat);
            difference += Math.pow(analytic[(int) flat] - fd, 2);
            norm += fd * fd;
        }
        return Math.sqrt(difference / Math.max(norm, 1e-300));
    }

    private double centralDifference(NDArray target, long flat) {
        NDIndex index = indexOf(target.getShape(), flat);
        double original;
        try (NDArray value = target.get(index)) {
            original = value.toType(DataType.FLOAT64, false).getDouble();
        }
        double eps = epsilon * Math.max(1.0, Math.abs(original));
        target.set(index, original + eps);
        double plus = lossValue();
        target.set(index, original - eps);
        double minus = lossValue();
        target.set(index, original);
        return (plus - minus) / (2 * eps);
    }

    private double lossValue() {
        try (NDManager scope = input.getManager().newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            NDArray output = block.forward(new ParameterStore(scope, false), new NDList(x), true).head();
            NDArray value = loss.apply(output);
            value.attach(scope);
            return value.toType(DataType.FLOAT64, false).getDouble();
        }
    }

    private static NDIndex indexOf(Shape shape, long flat) {
        long[] index = new long[shape.dimension()];
        long rest = flat;
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            index[d] = rest % shape.get(d);
            rest /= shape.get(d);
        }
        NDIndex ndIndex = new NDIndex();
        for (long i : index) {
            ndIndex.addIndices(i);
        }
        return ndIndex;
    }

    private static double[] toDoubles(NDArray array) {
        try (NDArray doubles = array.toType(DataType.FLOAT64, true)) {
            return doubles.toDoubleArray();
        }
    }

    /**
     * Returns the relative error of two gradient tensors in the 2-norm, {@code |actual - expected|
     * / |expected|} (the denominator kept above 1e-300).
     *
     * @param actual the flattened gradient to judge
     * @param expected the flattened reference gradient, of the same length
     * @return the relative error
     */
    public static double relativeError(double[] actual, double[] expected) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(difference / Math.max(norm, 1e-300));
    }

    /** Configures a {@link GradientCheck}. */
    public static final class Builder {

        private OdeBlock block;
        private NDArray input;
        private UnaryOperator<NDArray> loss = y -> y.square().mean();
        private List<Sensitivity> sensitivities =
                List.of(Sensitivity.CHECKPOINT_ADJOINT, Sensitivity.BACKSOLVE_ADJOINT);
        private int entries = 4;
        private double epsilon = 1e-6;

        private Builder() {}

        /**
         * Sets the initialised block to check (required).
         *
         * @param block the ODE block
         * @return this builder
         */
        public Builder setBlock(OdeBlock block) {
            this.block = block;
            return this;
        }

        /**
         * Sets the input state (required).
         *
         * @param input {@code (batch, state...)}, preferably float64
         * @return this builder
         */
        public Builder setInput(NDArray input) {
            this.input = input;
            return this;
        }

        /**
         * Sets the scalar loss of the block's output (default {@code mean(output^2)}).
         *
         * @param loss maps the output to a scalar array
         * @return this builder
         */
        public Builder optLoss(UnaryOperator<NDArray> loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Sets the sensitivities whose gradients are compared with DIRECT's (default {@link
         * Sensitivity#CHECKPOINT_ADJOINT}, then {@link Sensitivity#BACKSOLVE_ADJOINT}), for
         * example a configured {@code BacksolveAdjoint}; the report names them by {@link
         * Sensitivity#name()}.
         *
         * @param sensitivities at least one, none null, with distinct names
         * @return this builder
         */
        public Builder optSensitivities(Sensitivity... sensitivities) {
            this.sensitivities = Arrays.asList(sensitivities.clone());
            return this;
        }

        /**
         * Sets how many entries of each tensor are finite-differenced (default 4).
         *
         * @param entries at least 1
         * @return this builder
         */
        public Builder optEntries(int entries) {
            this.entries = entries;
            return this;
        }

        /**
         * Sets the relative perturbation of the finite differences (default 1e-6).
         *
         * @param epsilon positive
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the check
         * @throws IllegalArgumentException for a missing block or input or bad settings
         */
        public GradientCheck build() {
            if (block == null || input == null || loss == null) {
                throw new IllegalArgumentException(
                        "setBlock(...) and setInput(...) are required, and the loss must not be null");
            }
            Set<String> names = new HashSet<>();
            for (Sensitivity sensitivity : sensitivities) {
                if (sensitivity == null) {
                    throw new IllegalArgumentException("the sensitivities must not be null");
                }
                if (!names.add(sensitivity.name())) {
                    throw new IllegalArgumentException(
                            "the sensitivities must have distinct names, "
                                    + sensitivity.name()
                                    + " appears twice");
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(
                        "optSensitivities(...) needs a sensitivity to compare with DIRECT");
            }
            if (entries < 1 || !(epsilon > 0)) {
                throw new IllegalArgumentException(
                        "entries must be >= 1 and epsilon > 0, got " + entries + " and " + epsilon);
            }
            return new GradientCheck(this);
        }
    }
}
