package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.OnFailure;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.StepSizeController;
import io.github.neuralode.solver.stepsize.Tolerances;

import java.util.ArrayList;
import java.util.List;

/**
 * The continuous (backsolve) adjoint of Chen, Rubanova, Bettencourt and Duvenaud (2018), a
 * {@link Sensitivity} ({@link Sensitivity#BACKSOLVE_ADJOINT} with the defaults): after a forward
 * solve with recording paused, integrates the augmented system
 *
 * <pre>
 *   dy/dt = f(t, y),   da/dt = -a^T df/dy,   da_theta/dt = -a^T df/dtheta
 * </pre>
 *
 * <p>backwards from the last output time to the first, one segment between consecutive output
 * times at a time. At every output time the adjoint {@code a} jumps by that output's cotangent and
 * {@code y} is reset to the forward solution's value there. The vector-Jacobian products are
 * computed with recording on inside every evaluation of the augmented field.
 *
 * <p><b>Approximate, and unstable on stiff problems.</b> The gradient is that of the exact flow,
 * approximated to the backward solve's tolerances, not the gradient of the discrete forward solve;
 * and {@code y} is recomputed by integrating backwards in time, which amplifies errors for
 * dissipative, stiff or chaotic dynamics (the backward solve may then need tiny steps or fail).
 * Use {@link CheckpointAdjoint} for exact gradients; use this one when even one state per step
 * is too much memory.
 *
 * <p>The backward solve always shares one step size across the batch ({@code SHARED}): the
 * augmented state is one row {@code (1, 2 B n + P)} (B batch, n state size, P parameters). By
 * default it uses the forward solver's method and controller; {@link AdjointNorm#SEMINORM}
 * ignores the parameter adjoint in the error norm. Memory does not grow with the number of steps.
 *
 * <p>The parameters that receive gradients are the vector field's own ({@link
 * VectorField#parameters}); the outputs are connected as a fresh leaf with a pending backward pass
 * for {@link OdeBackward#backward}.
 *
 * <pre>{@code
 * OdeBlock.builder().setVectorField(net)
 *         .optSensitivity(BacksolveAdjoint.builder().optNorm(AdjointNorm.SEMINORM).build())
 *         .build();
 * }</pre>
 */
public final class BacksolveAdjoint implements Sensitivity {

    private final OdeSolver adjointSolver;
    private final AdjointNorm norm;

    private BacksolveAdjoint(Builder builder) {
        this.adjointSolver = builder.adjointSolver;
        this.norm = builder.norm;
    }

    /**
     * Returns a builder (defaults: the forward solver's settings, {@link AdjointNorm#FULL}).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the norm of the backward error control.
     *
     * @return the norm
     */
    public AdjointNorm norm() {
        return norm;
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "backsolve";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Solves with recording paused; the pending backward pass integrates the adjoint and adds
     * the gradients of the field's {@link VectorField#parameters} (read on {@code y0}'s device).
     */
    @Override
    public SensitivitySolve solve(OdeSolver solver, VectorField field, NDArray y0, SaveAt saveAt) {
        List<NDArray> parameters = field.parameters(y0.getDevice());
        OdeSolution solution;
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            solution = solver.solve(field, y0, saveAt);
        }
        long stateSize = y0.getShape().size();
        long parameterSize = parameters.stream().mapToLong(p -> p.getShape().size()).sum();
        OdeSolver backward = backwardSolver(solver, stateSize, parameterSize);
        return new OffTapeSolve(
                new BacksolveSolve(backward, field, y0, saveAt, parameters, solution), y0);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name();
    }

    private OdeSolver backwardSolver(OdeSolver forward, long stateSize, long parameterSize) {
        OdeSolver base = adjointSolver != null ? adjointSolver : forward;
        StepSizeController controller =
                base.controller()
                        .withTolerances(
                                tolerances -> augmented(tolerances, stateSize, parameterSize));
        return base.toBuilder()
                .optStepSizeController(controller)
                .optStepMode(StepMode.SHARED)
                .optOnFailure(OnFailure.THROW)
                .build();
    }

    /**
     * Per-component tolerances for {@code [y, a, a_theta]} (every other controller setting stays
     * the forward one's). The seminorm gives the parameter adjoint an infinite tolerance (its
     * ratio is 0) and scales the others by {@code sqrt(2 B n / N)}, so the RMS over all N
     * components equals the RMS over the state and adjoint alone.
     */
    private Tolerances augmented(Tolerances forward, long stateSize, long parameterSize) {
        double[] rtol = forward.rtol();
        double[] atol = forward.atol();
        boolean scalar = rtol.length == 1 && atol.length == 1;
        if (scalar && (norm == AdjointNorm.FULL || parameterSize == 0)) {
            return forward;
        }
        int total = Math.toIntExact(2 * stateSize + parameterSize);
        double scale = norm == AdjointNorm.SEMINORM ? Math.sqrt(2.0 * stateSize / total) : 1.0;
        double[] r = new double[total];
        double[] a = new double[total];
        for (int i = 0; i < total; i++) {
            boolean parameter = i >= 2 * stateSize;
            int component = (int) ((i % stateSize) % Math.max(rtol.length, atol.length));
            if (parameter && norm == AdjointNorm.SEMINORM) {
                // The huge atol makes the tolerance effectively infinite; rtol is irrelevant.
                r[i] = 1.0;
                a[i] = Double.MAX_VALUE;
            } else {
                r[i] = scale * (rtol.length == 1 ? rtol[0] : rtol[component % rtol.length]);
                a[i] = scale * (atol.length == 1 ? atol[0] : atol[component % atol.length]);
            }
        }
        return new Tolerances(r, a);
    }

    /** The pending backward pass of one forward solve. */
    private static final class BacksolveSolve implements AdjointSolve {

        private final OdeSolver backward;
        private final VectorField field;
        private final SaveAt saveAt;
        private final Shape stateShape;
        private final DataType dataType;
        private final List<NDArray> parameters;
        private final OdeSolution solution;
        private long evaluations;

        BacksolveSolve(
                OdeSolver backward,
                VectorField field,
                NDArray y0,
                SaveAt saveAt,
                List<NDArray> parameters,
                OdeSolution solution) {
            this.backward = backward;
            this.field = field;
            this.saveAt = saveAt;
            this.stateShape = y0.getShape();
            this.dataType = y0.getDataType();
            this.parameters = new ArrayList<>(parameters);
            this.solution = solution;
        }

        @Override
        public OdeSolution solution() {
            return solution;
        }

        @Override
        public long backwardEvaluations() {
            return evaluations;
        }

        @Override
        public NDArray backward(NDArray outputsCotangent) {
            int count = saveAt.outputCount();
            long m = stateShape.size();
            try (NDManager scope = outputsCotangent.getManager().newSubManager();
                    Autograd.GradModeScope paused = Autograd.pause()) {
                NDArray g = outputsCotangent.reshape(count, 1, m);
                g.attach(scope);
                NDArray ys = solution.outputs().reshape(count, 1, m);
                ys.attach(scope);
                List<NDArray> saved = saveGradients(scope);
                AugmentedField augmented = new AugmentedField(field, stateShape, parameters);
                NDArray a = g.get(count - 1);
                NDArray y = ys.get(count - 1);
                NDArray aTheta = scope.zeros(new Shape(1, augmented.parameterSize()), dataType);
                double[] times = saveAt.isFinalOnly() ? new double[] {saveAt.t0(), saveAt.t1()} : saveAt.times();
                for (int j = times.length - 1; j >= 1; j--) {
                    NDArray z = NDArrays.concat(new NDList(y, a, aTheta), 1);
                    OdeSolution segment = backward.solve(augmented, z, SaveAt.finalState(times[j], times[j - 1]));
                    evaluations += segment.stats().functionEvaluations();
                    NDArray end = segment.finalState();
                    a = end.get(":, " + m + ":" + (2 * m));
                    aTheta = end.get(":, " + (2 * m) + ":");
                    if (!saveAt.isFinalOnly()) {
                        a = a.add(g.get(j - 1));
                        y = ys.get(j - 1);
                    }
                }
                restoreGradients(saved, aTheta);
                NDArray result = a.reshape(stateShape);
                result.attach(outputsCotangent.getManager());
                return result;
            }
        }

        private List<NDArray> saveGradients(NDManager scope) {
            List<NDArray> saved = new ArrayList<>();
            for (NDArray parameter : parameters) {
                try (NDArray gradient = parameter.getGradient()) {
                    NDArray copy = gradient.toType(parameter.getDataType(), true);
                    copy.attach(scope);
                    saved.add(copy);
                }
            }
            return saved;
        }

        /** Sets every parameter's gradient to its saved value plus its part of {@code a_theta}. */
        private void restoreGradients(List<NDArray> saved, NDArray aTheta) {
            long offset = 0;
            for (int i = 0; i < parameters.size(); i++) {
                NDArray parameter = parameters.get(i);
                long size = parameter.getShape().size();
                NDArray part = aTheta.get("0, " + offset + ":" + (offset + size)).reshape(parameter.getShape());
                offset += size;
                try (NDArray gradient = parameter.getGradient()) {
                    gradient.subi(gradient).addi(saved.get(i)).addi(part);
                }
            }
        }

        @Override
        public void close() {
            // nothing is kept beyond the forward solution, which belongs to the caller
        }
    }

    /** Configures a {@link BacksolveAdjoint}. */
    public static final class Builder {

        private OdeSolver adjointSolver;
        private AdjointNorm norm = AdjointNorm.FULL;

        private Builder() {}

        /**
         * Sets the solver of the backward integration (default: the forward solver's method and
         * controller). Its step mode is always {@code SHARED}; a {@link PidController}'s
         * tolerances apply to every component of {@code [y, a, a_theta]}.
         *
         * @param adjointSolver the backward solver
         * @return this builder
         */
        public Builder optAdjointSolver(OdeSolver adjointSolver) {
            this.adjointSolver = adjointSolver;
            return this;
        }

        /**
         * Sets the norm of the backward error control (default {@link AdjointNorm#FULL}).
         *
         * @param norm the norm
         * @return this builder
         */
        public Builder optNorm(AdjointNorm norm) {
            this.norm = norm;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the adjoint
         * @throws IllegalArgumentException if the norm is null
         */
        public BacksolveAdjoint build() {
            if (norm == null) {
                throw new IllegalArgumentException("norm must not be null: use AdjointNorm.FULL");
            }
            return new BacksolveAdjoint(this);
        }
    }
}
