package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.solver.rk.ExplicitRungeKutta;
import io.github.neuralode.solver.rk.RkState;
import io.github.neuralode.solver.step.ConstantArrays;
import io.github.neuralode.solver.step.Interpolant;
import io.github.neuralode.solver.step.MethodCounters;
import io.github.neuralode.solver.step.StepAttempt;
import io.github.neuralode.solver.step.StepContext;
import io.github.neuralode.solver.step.Stepper;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;

/**
 * Automatic switching between an explicit Runge-Kutta method and a Rosenbrock method, per step
 * group (like Julia's {@code AutoTsit5(Rosenbrock23())}): explicit steps while the problem is not
 * stiff, Rosenbrock steps while it is.
 *
 * <p>Stiffness detection, as in Hairer's DOPRI5 code: after every explicit step, the indicator
 * {@code h rho} (two stages at the same node, {@link ExplicitRungeKutta#stiffnessIndicator}) is
 * compared with the explicit method's real stability boundary (3.51 for Tsit5). A step above
 * {@value #TOLERANCE} of it counts towards a switch; {@value #CALM_TO_RESET} calm steps in a row
 * reset the count (on a stiff problem the step size hovers at the boundary and some steps fall
 * below it); at {@value #TO_STIFF} the group switches to the stiff method. After every Rosenbrock
 * step, {@code |h| ||J||_inf} (an upper bound of {@code h} times the spectral radius) is compared
 * with the same boundary; {@value #TO_EXPLICIT} steps in a row below {@value #TOLERANCE} of it
 * switch the group back (any step above resets that count). The counts are the hysteresis that
 * keeps a group from switching at every step. In {@code SHARED} mode the stiffest sample decides; in
 * {@code PER_SAMPLE} mode every sample has its own method, and an attempt with groups in both
 * methods runs both on the whole batch and keeps each group's own.
 *
 * <p>The step size carries over a switch; the error order given to the controller is each
 * group's current method's. {@code SolveStats.method()} reports stiff and non-stiff attempts,
 * switches, Jacobians and factorisations.
 */
public final class AutoSwitch implements Stepper<AutoSwitchState> {

    /** Stiff-looking explicit steps before a switch to the stiff method. */
    static final int TO_STIFF = 15;
    /** Calm explicit steps in a row that reset that count. */
    static final int CALM_TO_RESET = 6;
    /** Non-stiff-looking Rosenbrock steps in a row before a switch back. */
    static final int TO_EXPLICIT = 3;
    /** The fraction of the stability boundary both tests use. */
    static final double TOLERANCE = 0.9;

    private final ExplicitRungeKutta explicit;
    private final Rosenbrock stiff;
    private final double boundary;

    private AutoSwitch(ExplicitRungeKutta explicit, Rosenbrock stiff) {
        this.explicit = explicit;
        this.stiff = stiff;
        this.boundary = explicit.stabilityBoundary();
    }

    /**
     * Returns a switch between two methods.
     *
     * @param explicitMethod an adaptive explicit method with two stages at one node (Tsit5,
     *     Dopri5)
     * @param stiffMethod the Rosenbrock method for stiff stretches
     * @return the stepper
     * @throws IllegalArgumentException if the explicit method has no error estimate
     */
    public static AutoSwitch of(ButcherTableau explicitMethod, Rosenbrock stiffMethod) {
        if (explicitMethod == null || stiffMethod == null) {
            throw new IllegalArgumentException("both methods are required");
        }
        if (!explicitMethod.isAdaptive()) {
            throw new IllegalArgumentException(
                    explicitMethod.name()
                            + " has no error estimate: automatic switching needs an adaptive"
                            + " explicit method such as Tableaus.TSIT5 or DOPRI5");
        }
        return new AutoSwitch(ExplicitRungeKutta.prepare(explicitMethod), stiffMethod);
    }

    /**
     * Returns Tsit5 switching to Rosenbrock23 with finite-difference Jacobians.
     *
     * @return the stepper
     */
    public static AutoSwitch tsit5Rosenbrock23() {
        return tsit5Rosenbrock23(new FiniteDifferenceJacobian());
    }

    /**
     * Returns Tsit5 switching to Rosenbrock23.
     *
     * @param jacobian how Rosenbrock23 obtains its Jacobians
     * @return the stepper
     */
    public static AutoSwitch tsit5Rosenbrock23(JacobianMethod jacobian) {
        return of(Tableaus.TSIT5, Rosenbrock.of(RosenbrockTableaus.ROSENBROCK23, jacobian));
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return explicit.name() + " switching to " + stiff.name();
    }

    /** {@inheritDoc} */
    @Override
    public String shortName() {
        return explicit.shortName() + "+" + stiff.shortName();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The explicit method's order (every group starts with it).
     */
    @Override
    public int order() {
        return explicit.order();
    }

    /** {@inheritDoc} */
    @Override
    public boolean hasErrorEstimate() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public int errorOrder() {
        return explicit.errorOrder();
    }

    /** {@inheritDoc} */
    @Override
    public int[] errorOrders(AutoSwitchState state, int groups) {
        int[] orders = new int[groups];
        for (int g = 0; g < groups; g++) {
            orders[g] = state.stiff()[g] ? stiff.errorOrder() : explicit.errorOrder();
        }
        return orders;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every group starts with the explicit method: one evaluation, no Jacobian.
     */
    @Override
    public AutoSwitchState init(StepContext context, NDArray y0) {
        int groups = context.combiner().groups();
        NDArray f0 = context.field().evaluate(context.times().at(0.0), y0);
        return new AutoSwitchState(
                f0,
                null,
                null,
                new boolean[groups],
                new int[groups],
                new int[groups],
                new boolean[groups]);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Which method every group takes, and the hysteresis counts.
     */
    @Override
    public AutoSwitchState replayPart(AutoSwitchState state) {
        return new AutoSwitchState(
                null, null, null, state.stiff(), state.streak(), state.calm(), state.switched());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The derivative at {@code y} and, when any group took the step with the stiff method, the
     * linearisation there (the forward solve's was taken at the same point).
     */
    @Override
    public AutoSwitchState reinit(StepContext context, NDArray y, AutoSwitchState part) {
        NDArray t0 = context.times().at(0.0);
        NDArray f0 = context.field().evaluate(t0, y);
        NDArray jacobian = null;
        NDArray timeDerivative = null;
        if (part.anyStiff()) {
            RosenbrockState linearization = stiff.linearize(context, t0, y, f0);
            jacobian = linearization.jacobian();
            timeDerivative = linearization.timeDerivative();
        }
        return new AutoSwitchState(
                f0, jacobian, timeDerivative, part.stiff(), part.streak(), part.calm(),
                part.switched());
    }

    /** {@inheritDoc} */
    @Override
    public StepAttempt<AutoSwitchState> step(
            StepContext context, NDArray y, AutoSwitchState state, double[] h, boolean dense) {
        StepAttempt<RkState> fast = null;
        StepAttempt<RosenbrockState> implicit = null;
        if (state.anyExplicit()) {
            fast = explicit.step(context, y, new RkState(state.derivative()), h, dense);
        }
        if (state.anyStiff()) {
            RosenbrockState linearization =
                    new RosenbrockState(
                            state.derivative(), state.jacobian(), state.timeDerivative());
            implicit = stiff.step(context, y, linearization, h, dense);
        }
        double[] indicator = indicators(state, fast, h);
        Modes next = nextModes(state, indicator, context.combiner().groups());
        if (implicit == null) {
            return explicitOnly(context, fast, next);
        }
        if (fast == null) {
            return stiffOnly(implicit, next);
        }
        return mixed(context, state, fast, implicit, next);
    }

    private StepAttempt<AutoSwitchState> explicitOnly(
            StepContext context, StepAttempt<RkState> fast, Modes next) {
        NDArray derivative = fast.next().k0();
        NDArray jacobian = null;
        NDArray timeDerivative = null;
        if (next.anyStiff()) {
            RosenbrockState linearization =
                    stiff.linearize(context, context.times().at(1.0), fast.y1(), derivative);
            jacobian = linearization.jacobian();
            timeDerivative = linearization.timeDerivative();
        }
        return new StepAttempt<>(
                fast.y1(),
                fast.error(),
                next.state(derivative, jacobian, timeDerivative),
                fast.interpolant());
    }

    private StepAttempt<AutoSwitchState> stiffOnly(
            StepAttempt<RosenbrockState> implicit, Modes next) {
        RosenbrockState after = implicit.next();
        boolean keep = next.anyStiff();
        return new StepAttempt<>(
                implicit.y1(),
                implicit.error(),
                next.state(
                        after.derivative(),
                        keep ? after.jacobian() : null,
                        keep ? after.timeDerivative() : null),
                implicit.interpolant());
    }

    /** Both methods ran on the whole batch: every group keeps its own method's results. */
    private StepAttempt<AutoSwitchState> mixed(
            StepContext context,
            AutoSwitchState state,
            StepAttempt<RkState> fast,
            StepAttempt<RosenbrockState> implicit,
            Modes next) {
        NDArray mask = rowMask(context, state.stiff(), fast.y1());
        NDArray error;
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            error = NDArrays.where(mask, implicit.error(), fast.error());
        }
        RosenbrockState after = implicit.next();
        boolean keep = next.anyStiff();
        AutoSwitchState merged =
                next.state(
                        NDArrays.where(mask, after.derivative(), fast.next().k0()),
                        keep ? after.jacobian() : null,
                        keep ? after.timeDerivative() : null);
        Interpolant interpolant =
                new Interpolant() {
                    @Override
                    public NDArray atFractions(double[] thetas) {
                        throw new IllegalStateException(
                                "a step with groups in both methods has per-group outputs only");
                    }

                    @Override
                    public NDArray atGroupFractions(double[] thetas) {
                        return NDArrays.where(
                                mask,
                                implicit.interpolant().atGroupFractions(thetas),
                                fast.interpolant().atGroupFractions(thetas));
                    }
                };
        return new StepAttempt<>(
                NDArrays.where(mask, implicit.y1(), fast.y1()), error, merged, interpolant);
    }

    private static NDArray rowMask(StepContext context, boolean[] perGroup, NDArray like) {
        NDManager constants = context.combiner().constants();
        return ConstantArrays.rowMask(constants, perGroup, like.getShape().get(1));
    }

    /**
     * Per group, the stiffness indicator of this attempt: {@code h rho} of the explicit stages
     * for explicit groups, {@code |h| ||J||_inf} for stiff groups; in a shared step the largest
     * over the batch.
     */
    private double[] indicators(AutoSwitchState state, StepAttempt<RkState> fast, double[] h) {
        int groups = h.length;
        double[] perSampleExplicit =
                fast == null ? null : explicit.stiffnessIndicator(fast).orElseThrow();
        double[] perSampleStiff = state.anyStiff() ? jacobianNorms(state.jacobian()) : null;
        double[] indicator = new double[groups];
        int batch = Math.toIntExact(state.derivative().getShape().get(0));
        for (int b = 0; b < batch; b++) {
            int g = groups == 1 ? 0 : b;
            double value =
                    state.stiff()[g]
                            ? Math.abs(h[g]) * perSampleStiff[b]
                            : perSampleExplicit[b];
            indicator[g] = Math.max(indicator[g], value);
        }
        return indicator;
    }

    /** {@code ||J_b||_inf}, the largest absolute row sum, per sample (off the tape). */
    private static double[] jacobianNorms(NDArray jacobian) {
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDManager scope = jacobian.getManager().newSubManager()) {
            jacobian.tempAttach(scope);
            return HostReads.doubles(jacobian.abs().sum(new int[] {2}).max(new int[] {1}));
        }
    }

    /** The methods of the next step after an accepted attempt, with the hysteresis counts. */
    private Modes nextModes(AutoSwitchState state, double[] indicator, int groups) {
        boolean[] stiffNext = state.stiff().clone();
        int[] streak = state.streak().clone();
        int[] calm = state.calm().clone();
        boolean[] switched = new boolean[groups];
        for (int g = 0; g < groups; g++) {
            boolean argues =
                    stiffNext[g]
                            ? indicator[g] < TOLERANCE * boundary
                            : indicator[g] > TOLERANCE * boundary;
            if (argues) {
                streak[g]++;
                calm[g] = 0;
            } else {
                calm[g]++;
                if (stiffNext[g] || calm[g] >= CALM_TO_RESET) {
                    streak[g] = 0;
                }
            }
            if (streak[g] >= (stiffNext[g] ? TO_EXPLICIT : TO_STIFF)) {
                stiffNext[g] = !stiffNext[g];
                streak[g] = 0;
                calm[g] = 0;
                switched[g] = true;
            }
        }
        return new Modes(stiffNext, streak, calm, switched);
    }

    /** The per-group part of the next state. */
    private record Modes(boolean[] stiff, int[] streak, int[] calm, boolean[] switched) {

        boolean anyStiff() {
            for (boolean s : stiff) {
                if (s) {
                    return true;
                }
            }
            return false;
        }

        AutoSwitchState state(NDArray derivative, NDArray jacobian, NDArray timeDerivative) {
            return new AutoSwitchState(
                    derivative, jacobian, timeDerivative, stiff, streak, calm, switched);
        }
    }

    /** {@inheritDoc} */
    @Override
    public AutoSwitchState merge(
            boolean[] take, NDArray rowMask, AutoSwitchState proposed, AutoSwitchState current) {
        boolean[] stiffMerged = new boolean[take.length];
        int[] streak = new int[take.length];
        int[] calm = new int[take.length];
        boolean[] switched = new boolean[take.length];
        for (int g = 0; g < take.length; g++) {
            AutoSwitchState source = take[g] ? proposed : current;
            stiffMerged[g] = source.stiff()[g];
            streak[g] = source.streak()[g];
            calm[g] = source.calm()[g];
            switched[g] = take[g] && proposed.switched()[g];
        }
        NDArray derivative =
                NDArrays.where(rowMask, proposed.derivative(), current.derivative());
        NDArray jacobian = mergeOptional(rowMask, proposed.jacobian(), current.jacobian(), true);
        NDArray timeDerivative =
                mergeOptional(
                        rowMask, proposed.timeDerivative(), current.timeDerivative(), false);
        boolean anyStiff = false;
        for (boolean s : stiffMerged) {
            anyStiff |= s;
        }
        return new AutoSwitchState(
                derivative,
                anyStiff ? jacobian : null,
                anyStiff ? timeDerivative : null,
                stiffMerged,
                streak,
                calm,
                switched);
    }

    /**
     * Merges linearisation arrays that either state may lack: a missing side means its groups
     * are explicit, whose rows are never read, so the other side's rows stand in for them.
     */
    private static NDArray mergeOptional(
            NDArray rowMask, NDArray proposed, NDArray current, boolean square) {
        if (proposed == null || current == null) {
            return proposed != null ? proposed : current;
        }
        NDArray mask =
                square ? rowMask.expandDims(-1).repeat(-1, rowMask.getShape().get(1)) : rowMask;
        return NDArrays.where(mask, proposed, current);
    }

    /** {@inheritDoc} */
    @Override
    public void accepted(AutoSwitchState accepted, MethodCounters counters) {
        for (boolean s : accepted.switched()) {
            if (s) {
                counters.methodSwitch();
            }
        }
    }
}
