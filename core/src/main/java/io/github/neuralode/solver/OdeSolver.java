package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stepsize.StepSizeController;
import io.github.neuralode.solver.rk.ExplicitRungeKutta;
import io.github.neuralode.solver.step.Stepper;
import io.github.neuralode.solver.step.StepperState;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;

/**
 * Solves batched initial value problems {@code dy/dt = f(t, y), y(t0) = y0}: the one entry point
 * that wires a method (a {@link Stepper}, for example an explicit Runge-Kutta {@link
 * ButcherTableau}), a step-size controller, a batch {@link StepMode} and an output request
 * ({@link SaveAt}).
 *
 * <pre>{@code
 * OdeSolver solver = OdeSolver.builder()
 *         .optMethod(Tableaus.DOPRI5)
 *         .optStepSizeController(PidController.of(1e-6, 1e-8))
 *         .build();
 * OdeSolution solution = solver.solve(field, y0, SaveAt.times(0, 0.5, 1.0));
 * NDArray trajectory = solution.outputs(); // (3, batch, state...)
 * }</pre>
 *
 * <p>Shapes: {@code y0} is {@code (batch, state...)}, float32 or float64, on any device; outputs
 * have its type and device. Autograd: if recording is on (inside a {@code GradientCollector}),
 * every operation of the solve is recorded and gradients flow to {@code y0} and to the vector
 * field's parameters (sensitivity {@code DIRECT}); step-size decisions are made off the tape.
 * Solvers are immutable and thread-safe.
 */
public final class OdeSolver {

    private final Stepper<?> stepper;
    private final StepSizeController controller;
    private final StepMode stepMode;
    private final int maxSteps;
    private final OnFailure onFailure;
    private final SharedErrorNorm sharedErrorNorm;

    private OdeSolver(Builder builder) {
        this.stepper = builder.stepper;
        this.controller = builder.controller;
        this.stepMode = builder.stepMode;
        this.maxSteps = builder.maxSteps;
        this.onFailure = builder.onFailure;
        this.sharedErrorNorm = builder.sharedErrorNorm;
    }

    /**
     * Returns a builder (defaults: Dopri5, rtol 1e-3, atol 1e-6, SHARED steps with the batch RMS
     * error norm, 10,000 steps, THROW).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Solves the problem.
     *
     * @param field the vector field
     * @param y0 the initial state {@code (batch, state...)}, float32 or float64, finite
     * @param saveAt the time span and the requested outputs
     * @return the solution
     * @throws IllegalArgumentException for bad input, naming the argument and the fix
     * @throws OdeSolveException if a sample fails and the policy is {@link OnFailure#THROW}
     */
    public OdeSolution solve(VectorField field, NDArray y0, SaveAt saveAt) {
        return solve(field, y0, saveAt, null);
    }

    /**
     * Solves the problem and reports every accepted step to an observer (used by the adjoint
     * sensitivities to checkpoint the forward solve).
     *
     * @param field the vector field
     * @param y0 the initial state {@code (batch, state...)}, float32 or float64, finite
     * @param saveAt the time span and the requested outputs
     * @param observer receives each attempt with an accepted group, or {@code null}
     * @return the solution
     * @throws IllegalArgumentException for bad input, naming the argument and the fix
     * @throws OdeSolveException if a sample fails and the policy is {@link OnFailure#THROW}
     */
    public OdeSolution solve(VectorField field, NDArray y0, SaveAt saveAt, StepObserver observer) {
        validateState(y0);
        validateSpan(saveAt, y0.getDataType());
        long start = System.nanoTime();
        NDManager manager = y0.getManager().newSubManager(y0.getDevice());
        OdeSolution solution;
        try {
            solution = integrate(field, y0, saveAt, observer, manager, start);
        } catch (RuntimeException | Error e) {
            // A field that throws: nothing of this solve stays attached to the caller's manager.
            manager.close();
            throw e;
        }
        boolean throwing = onFailure == OnFailure.THROW && !solution.isSuccess();
        if (!Autograd.isRecording() || throwing) {
            // With recording on, the tape of a returned solution needs these arrays.
            manager.close();
        }
        return onFailure == OnFailure.THROW ? solution.throwIfFailed() : solution;
    }

    /**
     * Runs the loop on a view of {@code y0} owned by the solve's manager, so that every array the
     * solve and the field create belongs to that manager, and attaches the outputs to the
     * caller's manager.
     */
    private OdeSolution integrate(
            VectorField field,
            NDArray y0,
            SaveAt saveAt,
            StepObserver observer,
            NDManager manager,
            long startNanos) {
        Shape stateShape = y0.getShape();
        int batch = (int) stateShape.get(0);
        long n = stateShape.size() / batch;
        DataType dataType = y0.getDataType();
        NDArray flat = y0.reshape(batch, n);
        flat.attach(manager);
        StepClocks clocks = new StepClocks(stepMode, batch, saveAt.t0(), saveAt.t1(), dataType);
        CountingField counting = new CountingField(field, stateShape, clocks);
        OutputRecorder recorder =
                new OutputRecorder(saveAt.times(), manager, dataType, clocks, batch);
        recorder.recordInitial(flat);
        IntegrationLoop<?> loop =
                loop(stepper, counting, clocks, recorder, manager, dataType, n, saveAt.isFinalOnly());
        loop.observe(observer);
        NDArray yEnd = loop.run(flat, saveAt.t0());
        NDArray outputs = recorder.finish(yEnd, saveAt.isFinalOnly());
        if (stateShape.dimension() > 2) {
            outputs = outputs.reshape(new Shape(saveAt.outputCount()).addAll(stateShape));
        }
        outputs.attach(y0.getManager());
        double[] times = saveAt.isFinalOnly() ? new double[] {saveAt.t1()} : saveAt.times();
        return new OdeSolution(
                outputs,
                times,
                clocks.sampleStatus(),
                clocks.sampleCauses(),
                clocks.sampleValues(clocks.t),
                clocks.sampleValues(clocks.attempted),
                loop.stats(System.nanoTime() - startNanos),
                loop.advice());
    }

    private <S extends StepperState> IntegrationLoop<S> loop(
            Stepper<S> method,
            CountingField counting,
            StepClocks clocks,
            OutputRecorder recorder,
            NDManager manager,
            DataType dataType,
            long n,
            boolean finalOnly) {
        return new IntegrationLoop<>(
                this, method, counting, clocks, recorder, manager, dataType, n, finalOnly);
    }

    private static void validateState(NDArray y0) {
        Shape shape = y0.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "y0 must have shape (batch, state...), got "
                            + shape
                            + ": add a batch axis with y0.expandDims(0)");
        }
        if (shape.get(0) < 1) {
            throw new IllegalArgumentException(
                    "y0 has an empty batch: shape "
                            + shape
                            + " holds no sample; solve at least one initial state");
        }
        if (shape.size() == 0) {
            throw new IllegalArgumentException(
                    "y0 has an empty state: shape "
                            + shape
                            + " gives each of its "
                            + shape.get(0)
                            + " samples no component; every state axis needs a length >= 1");
        }
        if (y0.getDataType() != DataType.FLOAT32 && y0.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException(
                    "y0 must be float32 or float64, got "
                            + y0.getDataType()
                            + ": convert it with y0.toType(DataType.FLOAT32, false)");
        }
        boolean[] bad = nonFiniteSamples(y0);
        for (int b = 0; b < bad.length; b++) {
            if (bad[b]) {
                throw new IllegalArgumentException(
                        "y0 contains NaN or infinite values (first in sample "
                                + b
                                + "): clean or mask the initial states before solving");
            }
        }
    }

    /** Refuses spans that double times cannot step through, and controller settings that fail. */
    private void validateSpan(SaveAt saveAt, DataType dataType) {
        double t0 = saveAt.t0();
        double t1 = saveAt.t1();
        if (!Double.isFinite(t1 - t0)) {
            throw new IllegalArgumentException(
                    "the span [" + t0 + ", " + t1 + "] overflows: t1 - t0 is not a finite double;"
                            + " rescale time (for example to [0, 1]) and scale the vector field"
                            + " by the same factor");
        }
        double resolution = StepSizeController.timeResolution(t0, t1);
        if (Math.abs(t1 - t0) < resolution) {
            throw new IllegalArgumentException(
                    String.format(
                            "the span [%s, %s] is shorter than the resolution of t there (%.3g):"
                                    + " no step can move t; shift the time origin closer to 0",
                            t0, t1, resolution));
        }
        controller.checkSolvable(t0, t1, dataType);
    }

    /**
     * Marks, per sample, whether any value of {@code (batch, ...)} is NaN or infinite (off the
     * tape, one read of a {@code (batch)} array).
     *
     * @param y the states
     * @return one flag per sample
     */
    static boolean[] nonFiniteSamples(NDArray y) {
        double[] probe;
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDArray flat = y.reshape(y.getShape().get(0), -1);
                NDArray zeros = flat.sub(flat);
                NDArray sums = zeros.sum(new int[] {1})) {
            probe = HostReads.doubles(sums);
        }
        boolean[] bad = new boolean[probe.length];
        for (int b = 0; b < probe.length; b++) {
            bad[b] = !Double.isFinite(probe[b]);
        }
        return bad;
    }

    /**
     * Returns the method.
     *
     * @return the stepper
     */
    public Stepper<?> stepper() {
        return stepper;
    }

    /**
     * Returns the step-size controller.
     *
     * @return the controller
     */
    public StepSizeController controller() {
        return controller;
    }

    /**
     * Returns the batch stepping mode.
     *
     * @return the mode
     */
    public StepMode stepMode() {
        return stepMode;
    }

    /**
     * Returns the step budget per step group (accepted plus rejected attempts).
     *
     * @return the maximum number of steps
     */
    public int maxSteps() {
        return maxSteps;
    }

    /**
     * Returns what happens when a sample fails.
     *
     * @return the failure policy
     */
    public OnFailure onFailure() {
        return onFailure;
    }

    /**
     * Returns how SHARED stepping reduces per-sample error ratios.
     *
     * @return the batch error norm
     */
    public SharedErrorNorm sharedErrorNorm() {
        return sharedErrorNorm;
    }

    /**
     * Returns a builder initialised with this solver's settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .optMethod(stepper)
                .optStepSizeController(controller)
                .optStepMode(stepMode)
                .optMaxSteps(maxSteps)
                .optOnFailure(onFailure)
                .optSharedErrorNorm(sharedErrorNorm);
    }

    /** Configures an {@link OdeSolver}; {@link #build()} refuses inconsistent combinations. */
    public static final class Builder {

        private Stepper<?> stepper = ExplicitRungeKutta.prepare(Tableaus.DOPRI5);
        private StepSizeController controller = PidController.builder().build();
        private StepMode stepMode = StepMode.SHARED;
        private int maxSteps = 10_000;
        private OnFailure onFailure = OnFailure.THROW;
        private SharedErrorNorm sharedErrorNorm = SharedErrorNorm.RMS;

        private Builder() {}

        /**
         * Sets the Runge-Kutta method (default {@link Tableaus#DOPRI5}).
         *
         * @param tableau the method
         * @return this builder
         */
        public Builder optMethod(ButcherTableau tableau) {
            this.stepper = tableau == null ? null : ExplicitRungeKutta.prepare(tableau);
            return this;
        }

        /**
         * Sets the method as a stepper (default: {@link Tableaus#DOPRI5} through {@link
         * ExplicitRungeKutta}), for methods that are not explicit Runge-Kutta tableaux.
         *
         * @param stepper the method
         * @return this builder
         */
        public Builder optMethod(Stepper<?> stepper) {
            this.stepper = stepper;
            return this;
        }

        /**
         * Sets the step-size controller (default {@code PidController} with rtol 1e-3, atol 1e-6).
         *
         * @param controller a {@link PidController} or a {@link ConstantStepSize}
         * @return this builder
         */
        public Builder optStepSizeController(StepSizeController controller) {
            this.controller = controller;
            return this;
        }

        /**
         * Sets the batch stepping mode (default {@link StepMode#SHARED}).
         *
         * @param stepMode the mode
         * @return this builder
         */
        public Builder optStepMode(StepMode stepMode) {
            this.stepMode = stepMode;
            return this;
        }

        /**
         * Sets the step budget per step group (default 10,000).
         *
         * @param maxSteps positive
         * @return this builder
         */
        public Builder optMaxSteps(int maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * Sets what happens when a sample fails (default {@link OnFailure#THROW}).
         *
         * @param onFailure the policy
         * @return this builder
         */
        public Builder optOnFailure(OnFailure onFailure) {
            this.onFailure = onFailure;
            return this;
        }

        /**
         * Sets how SHARED stepping turns per-sample error ratios into one (default {@link
         * SharedErrorNorm#RMS}, the batch as one system; {@link SharedErrorNorm#MAX} makes every
         * sample meet the tolerance).
         *
         * @param sharedErrorNorm the reduction
         * @return this builder
         */
        public Builder optSharedErrorNorm(SharedErrorNorm sharedErrorNorm) {
            this.sharedErrorNorm = sharedErrorNorm;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the solver
         * @throws IllegalArgumentException for inconsistent settings
         */
        public OdeSolver build() {
            if (stepper == null
                    || controller == null
                    || stepMode == null
                    || onFailure == null
                    || sharedErrorNorm == null) {
                throw new IllegalArgumentException(
                        "method, step-size controller, step mode and failure policy must not be"
                                + " null");
            }
            if (maxSteps < 1) {
                throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
            }
            if (controller.isAdaptive() && !stepper.hasErrorEstimate()) {
                throw new IllegalArgumentException(
                        stepper.name()
                                + " has no error estimate, so it cannot run with an adaptive"
                                + " controller: use new ConstantStepSize(dt), or an embedded"
                                + " method such as Tableaus.DOPRI5, TSIT5, BOSH3 or HEUN");
            }
            return new OdeSolver(this);
        }
    }
}
