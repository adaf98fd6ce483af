package io.github.neuralode.solver.stepsize;

import ai.djl.ndarray.types.DataType;

import ai.djl.ndarray.NDManager;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

/**
 * Adaptive step sizes from an embedded error estimate, with a proportional-integral rule.
 *
 * <p>Error ratio of a step: {@code r = RMS_i( err_i / (atol_i + rtol_i * max(|y0_i|, |y1_i|)) )}
 * over the state components of a sample (in {@code SHARED} mode the largest ratio of the batch).
 * A step is accepted when {@code r <= 1}. The next step is {@code h * clamp(safety * r^(-(icoeff
 * + pcoeff)/k) * rPrev^(pcoeff/k), minFactor, maxFactor)} with {@code k = 1 + min(order,
 * embedded order)}; after a rejection the factor is at most 1, after an acceptance at least 1.
 * The defaults (icoeff 1, pcoeff 0) are the classical integral controller of torchdiffeq and
 * diffrax; {@code optCoefficients(0.65, 0.2)} gives Hairer's stabilised PI rule of DOPRI5, which
 * damps step-size oscillations on mildly stiff problems at the cost of slower step growth. The
 * factor is computed in plain Java doubles, never on the autograd tape.
 *
 * <p>{@code rtol} and {@code atol} are scalars or one value per state component (flattened
 * {@code state...} order).
 */
public final class PidController implements StepSizeController {

    private final double[] rtol;
    private final double[] atol;
    private final double icoeff;
    private final double pcoeff;
    private final double safety;
    private final double minFactor;
    private final double maxFactor;
    private final double minStep;
    private final double maxStep;
    private final OptionalDouble firstStep;

    private PidController(Builder builder) {
        this.rtol = builder.rtol;
        this.atol = builder.atol;
        this.icoeff = builder.icoeff;
        this.pcoeff = builder.pcoeff;
        this.safety = builder.safety;
        this.minFactor = builder.minFactor;
        this.maxFactor = builder.maxFactor;
        this.minStep = builder.minStep;
        this.maxStep = builder.maxStep;
        this.firstStep = builder.firstStep;
    }

    /**
     * Returns a builder with the defaults rtol 1e-3, atol 1e-6.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Shorthand for a controller with scalar tolerances and every other setting at its default.
     *
     * @param rtol relative tolerance, positive
     * @param atol absolute tolerance, positive
     * @return the controller
     */
    public static PidController of(double rtol, double atol) {
        return builder().optRtol(rtol).optAtol(atol).build();
    }

    /** {@inheritDoc} */
    @Override
    public boolean isAdaptive() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public Optional<ErrorNorm> errorNorm(NDManager manager, DataType dataType, long n) {
        return Optional.of(ErrorNorm.of(new Tolerances(rtol, atol), manager, dataType, n));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The user's {@code firstStep} if set, otherwise Hairer's automatic selection; at most
     * {@code maxStep}.
     */
    @Override
    public double[] initialStep(InitialStepProblem problem) {
        double[] h;
        if (firstStep.isPresent()) {
            h = new double[problem.groups()];
            Arrays.fill(h, firstStep.getAsDouble());
        } else {
            h = HairerInitialStep.select(problem);
        }
        for (int g = 0; g < h.length; g++) {
            h[g] = Math.min(h[g], maxStep);
        }
        return h;
    }

    /** {@inheritDoc} */
    @Override
    public StepSizeController withTolerances(UnaryOperator<Tolerances> tolerances) {
        Tolerances mapped = tolerances.apply(new Tolerances(rtol, atol));
        Builder builder =
                builder()
                        .optRtol(mapped.rtol())
                        .optAtol(mapped.atol())
                        .optCoefficients(icoeff, pcoeff)
                        .optSafety(safety)
                        .optFactorBounds(minFactor, maxFactor)
                        .optMinStep(minStep)
                        .optMaxStep(maxStep);
        firstStep.ifPresent(builder::optFirstStep);
        return builder.build();
    }

    /** {@inheritDoc} */
    @Override
    public StepDecision adapt(
            double[] ratio, double[] stepSize, int[] errorOrder, ControllerState state) {
        int groups = ratio.length;
        boolean[] accept = new boolean[groups];
        double[] next = new double[groups];
        double[] previous = state.previousRatio().clone();
        boolean[] rejected = new boolean[groups];
        for (int g = 0; g < groups; g++) {
            double r = ratio[g];
            accept[g] = r <= 1.0;
            double factor = Double.isFinite(r) ? factor(r, previous[g], errorOrder[g]) : minFactor;
            if (accept[g] && !state.rejectedLast()[g]) {
                factor = Math.max(1.0, factor);
            } else {
                factor = Math.min(accept[g] ? 1.0 : safety, factor);
            }
            next[g] = Math.min(maxStep, stepSize[g] * factor);
            rejected[g] = !accept[g];
            if (accept[g]) {
                previous[g] = Math.max(r, 1e-10);
            }
        }
        return new StepDecision(accept, next, new ControllerState(previous, rejected));
    }

    private double factor(double ratio, double previousRatio, int k) {
        double r = Math.max(ratio, 1e-10);
        double raw =
                safety * Math.pow(r, -(icoeff + pcoeff) / k) * Math.pow(previousRatio, pcoeff / k);
        return Math.min(maxFactor, Math.max(minFactor, raw));
    }

    /**
     * Returns the relative tolerance, one value or one per state component.
     *
     * @return a copy of rtol
     */
    public double[] rtol() {
        return rtol.clone();
    }

    /**
     * Returns the absolute tolerance, one value or one per state component.
     *
     * @return a copy of atol
     */
    public double[] atol() {
        return atol.clone();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns the smallest step magnitude before a solve fails with {@code STEP_SIZE_TOO_SMALL}.
     *
     * @return the minimum step (0 means: limited only by floating-point resolution of t)
     */
    @Override
    public double minStep() {
        return minStep;
    }

    /**
     * Returns the largest step magnitude.
     *
     * @return the maximum step
     */
    public double maxStep() {
        return maxStep;
    }

    /**
     * Returns the user's first step magnitude, if set (otherwise Hairer's selection is used).
     *
     * @return the first step
     */
    public OptionalDouble firstStep() {
        return firstStep;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refuses a relative tolerance below the unit roundoff of the data type (2^-24, about
     * 6.0e-8, for float32; 2^-53, about 1.1e-16, for float64): errors that small cannot be
     * represented, so the step size would shrink until it underflows.
     */
    @Override
    public void checkSolvable(double t0, double t1, DataType dataType) {
        double roundoff = dataType == DataType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        double smallest = Arrays.stream(rtol).min().orElseThrow();
        if (smallest < roundoff) {
            throw new IllegalArgumentException(
                    String.format(
                            "rtol = %.3g is below the precision of %s (unit roundoff %.2g): use"
                                    + " rtol >= %.2g%s",
                            smallest,
                            dataType,
                            roundoff,
                            roundoff,
                            dataType == DataType.FLOAT32
                                    ? ", or a float64 state for tighter tolerances"
                                    : " (1e-12 is a practical tight tolerance)"));
        }
    }

    /** Configures a {@link PidController}; {@link #build()} validates every value. */
    public static final class Builder {

        private double[] rtol = {1e-3};
        private double[] atol = {1e-6};
        private double icoeff = 1.0;
        private double pcoeff = 0.0;
        private double safety = 0.9;
        private double minFactor = 0.2;
        private double maxFactor = 10.0;
        private double minStep;
        private double maxStep = Double.POSITIVE_INFINITY;
        private OptionalDouble firstStep = OptionalDouble.empty();

        private Builder() {}

        /**
         * Sets the relative tolerance (default 1e-3).
         *
         * @param rtol one positive value, or one per state component
         * @return this builder
         */
        public Builder optRtol(double... rtol) {
            this.rtol = rtol.clone();
            return this;
        }

        /**
         * Sets the absolute tolerance (default 1e-6).
         *
         * @param atol one positive value, or one per state component
         * @return this builder
         */
        public Builder optAtol(double... atol) {
            this.atol = atol.clone();
            return this;
        }

        /**
         * Sets the integral and proportional coefficients (defaults 1 and 0: integral control).
         *
         * @param icoeff integral coefficient, positive
         * @param pcoeff proportional coefficient, non-negative
         * @return this builder
         */
        public Builder optCoefficients(double icoeff, double pcoeff) {
            this.icoeff = icoeff;
            this.pcoeff = pcoeff;
            return this;
        }

        /**
         * Sets the safety factor (default 0.9).
         *
         * @param safety in (0, 1]
         * @return this builder
         */
        public Builder optSafety(double safety) {
            this.safety = safety;
            return this;
        }

        /**
         * Sets the bounds of the step-size factor (defaults 0.2 and 10).
         *
         * @param minFactor in (0, 1)
         * @param maxFactor greater than 1
         * @return this builder
         */
        public Builder optFactorBounds(double minFactor, double maxFactor) {
            this.minFactor = minFactor;
            this.maxFactor = maxFactor;
            return this;
        }

        /**
         * Sets the step magnitude below which the solve gives up (default 0: floating-point
         * resolution of t).
         *
         * @param minStep non-negative
         * @return this builder
         */
        public Builder optMinStep(double minStep) {
            this.minStep = minStep;
            return this;
        }

        /**
         * Sets the largest step magnitude (default unbounded).
         *
         * @param maxStep positive
         * @return this builder
         */
        public Builder optMaxStep(double maxStep) {
            this.maxStep = maxStep;
            return this;
        }

        /**
         * Sets the first step magnitude (default: Hairer's automatic selection).
         *
         * @param firstStep positive
         * @return this builder
         */
        public Builder optFirstStep(double firstStep) {
            this.firstStep = OptionalDouble.of(firstStep);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the controller
         * @throws IllegalArgumentException naming the offending setting
         */
        public PidController build() {
            requirePositive("rtol", rtol);
            requirePositive("atol", atol);
            check(icoeff > 0 && pcoeff >= 0, "icoeff must be > 0 and pcoeff >= 0");
            check(safety > 0 && safety <= 1, "safety must be in (0, 1], got " + safety);
            check(
                    minFactor > 0 && minFactor < 1 && maxFactor > 1,
                    "factor bounds need 0 < minFactor < 1 < maxFactor");
            check(minStep >= 0 && maxStep > minStep, "need 0 <= minStep < maxStep");
            check(
                    firstStep.isEmpty() || firstStep.getAsDouble() > 0,
                    "firstStep must be positive (or left unset for automatic selection)");
            return new PidController(this);
        }

        private static void requirePositive(String name, double[] values) {
            check(values.length > 0, name + " needs at least one value");
            for (double v : values) {
                if (!(v > 0 && Double.isFinite(v))) {
                    check(
                            false,
                            name
                                    + " must be positive and finite, got "
                                    + Arrays.toString(values)
                                    + ": use a small positive value such as 1e-9 instead of 0");
                }
            }
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
