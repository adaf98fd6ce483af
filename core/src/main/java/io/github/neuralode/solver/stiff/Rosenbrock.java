package io.github.neuralode.solver.stiff;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.solver.step.Interpolant;
import io.github.neuralode.solver.step.StepAttempt;
import io.github.neuralode.solver.step.StepContext;
import io.github.neuralode.solver.step.Stepper;

/**
 * A Rosenbrock method as a {@link Stepper}: linearly implicit one-step methods for stiff problems
 * that solve one linear system {@code W = I - gamma h J} per stage instead of a nonlinear one, with
 * an embedded error estimate and their own dense output. One Jacobian per accepted step (computed
 * at the end of the step, for the next one) and one factorisation per attempt; a rejected step
 * reuses the Jacobian.
 *
 * <pre>{@code
 * OdeSolver solver = OdeSolver.builder()
 *         .optMethod(Rosenbrock.of(RosenbrockTableaus.RODAS5P))            // finite-difference J
 *         .optStepSizeController(PidController.of(1e-6, 1e-10))
 *         .build();
 * }</pre>
 *
 * <p>Gradients: under {@code Direct} and {@code CheckpointAdjoint} the gradient is the exact one of
 * the discrete solve when the Jacobian is recorded, that is with a {@link FiniteDifferenceJacobian}
 * (the default) or an {@link AnalyticJacobian} built from recorded operations; an {@link
 * AutogradJacobian} is a constant, so the Jacobian's dependence on the parameters is then left out.
 * A singular {@code W} rejects the step (NaN error estimate) so that the controller shrinks it.
 */
public final class Rosenbrock implements Stepper<RosenbrockState> {

    private final RosenbrockAttempt attempt;
    private final JacobianMethod jacobian;

    private Rosenbrock(RosenbrockTableau tableau, JacobianMethod jacobian) {
        this.attempt = RosenbrockAttempt.prepare(tableau);
        this.jacobian = jacobian;
    }

    /**
     * Returns a method with finite-difference Jacobians (increment floor 1 in every component:
     * pass a {@link FiniteDifferenceJacobian} with a smaller floor for tiny concentrations).
     *
     * @param tableau the method, e.g. {@link RosenbrockTableaus#RODAS5P}
     * @return the stepper
     */
    public static Rosenbrock of(RosenbrockTableau tableau) {
        return of(tableau, new FiniteDifferenceJacobian());
    }

    /**
     * Returns a method with the given Jacobians.
     *
     * @param tableau the method, e.g. {@link RosenbrockTableaus#ROSENBROCK23}
     * @param jacobian how the Jacobian is obtained
     * @return the stepper
     */
    public static Rosenbrock of(RosenbrockTableau tableau, JacobianMethod jacobian) {
        if (tableau == null || jacobian == null) {
            throw new IllegalArgumentException("tableau and jacobian must not be null");
        }
        return new Rosenbrock(tableau, jacobian);
    }

    /**
     * Returns the method.
     *
     * @return the tableau
     */
    public RosenbrockTableau tableau() {
        return attempt.tableau();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return tableau().name();
    }

    /** {@inheritDoc} */
    @Override
    public String shortName() {
        return tableau().shortName();
    }

    /** {@inheritDoc} */
    @Override
    public int order() {
        return tableau().order();
    }

    /** {@inheritDoc} */
    @Override
    public boolean hasErrorEstimate() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public int errorOrder() {
        return 1 + Math.min(tableau().order(), tableau().embeddedOrder());
    }

    /**
     * {@inheritDoc}
     *
     * <p>One evaluation for {@code f(t0, y0)} and one Jacobian.
     */
    @Override
    public RosenbrockState init(StepContext context, NDArray y0) {
        NDArray t0 = context.times().at(0.0);
        return linearize(context, t0, y0, context.field().evaluate(t0, y0));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Forms and inverts {@code W} for the steps {@code h}, runs the stages, then linearises at
     * the proposed state for the next step ({@code f} there comes free with FSAL methods).
     */
    @Override
    public StepAttempt<RosenbrockState> step(
            StepContext context, NDArray y, RosenbrockState state, double[] h, boolean denseOutput) {
        context.counters().step(true);
        LinearSolver solver;
        try {
            solver =
                    LinearSolver.factor(
                            state.jacobian(),
                            tableau().gamma(),
                            h,
                            context.combiner().constants());
        } catch (EngineException singular) {
            return singular(y, state);
        }
        context.counters().factorization();
        RosenbrockStep step =
                attempt.step(
                        context.field(),
                        context.times(),
                        y,
                        state.derivative(),
                        h,
                        solver,
                        state.timeDerivative(),
                        context.combiner());
        NDArray t1 = context.times().at(1.0);
        NDArray f1 = step.fEnd() != null ? step.fEnd() : context.field().evaluate(t1, step.y1());
        RosenbrockState next = linearize(context, t1, step.y1(), f1);
        return new StepAttempt<>(step.y1(), step.error(), next, step.interpolant());
    }

    /** Linearises the field at {@code (t, y)}: one Jacobian, kept with {@code f(t, y)}. */
    RosenbrockState linearize(StepContext context, NDArray t, NDArray y, NDArray f) {
        FieldJacobian j = jacobian.evaluate(context.field(), t, y);
        context.counters().jacobian();
        return new RosenbrockState(f, j.matrix(), j.timeDerivative());
    }

    /**
     * A step whose matrix cannot be inverted: stay, with a NaN error estimate that the controller
     * rejects with its smallest factor; the step has no dense output.
     */
    private StepAttempt<RosenbrockState> singular(NDArray y, RosenbrockState state) {
        NDArray error;
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            error = y.zerosLike().add(Float.NaN);
        }
        Interpolant none =
                new Interpolant() {
                    @Override
                    public NDArray atFractions(double[] thetas) {
                        throw new IllegalStateException("a rejected singular step has no output");
                    }

                    @Override
                    public NDArray atGroupFractions(double[] thetas) {
                        throw new IllegalStateException("a rejected singular step has no output");
                    }
                };
        return new StepAttempt<>(y, error, state, none);
    }

    /** {@inheritDoc} */
    @Override
    public RosenbrockState merge(
            boolean[] take, NDArray rowMask, RosenbrockState proposed, RosenbrockState current) {
        NDArray squareTake = rowMask.expandDims(-1).repeat(-1, rowMask.getShape().get(1));
        return new RosenbrockState(
                NDArrays.where(rowMask, proposed.derivative(), current.derivative()),
                NDArrays.where(squareTake, proposed.jacobian(), current.jacobian()),
                proposed.timeDerivative() == null
                        ? null
                        : NDArrays.where(
                                rowMask, proposed.timeDerivative(), current.timeDerivative()));
    }
}
