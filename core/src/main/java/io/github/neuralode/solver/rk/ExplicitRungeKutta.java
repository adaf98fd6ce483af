package io.github.neuralode.solver.rk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.solver.step.StageColumns;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StepAttempt;
import io.github.neuralode.solver.step.StepContext;
import io.github.neuralode.solver.step.Stepper;
import io.github.neuralode.solver.tableau.ButcherTableau;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generic explicit Runge-Kutta {@link Stepper}: runs any {@link ButcherTableau} on a flattened
 * batch {@code (batch, n)}. Its state is the derivative at the start of the step ({@link RkState});
 * for FSAL methods the last stage of one step is the first of the next.
 *
 * <p>Stage inputs {@code y + h sum_j a_ij k_j}, the solution and the error estimate are formed by
 * a {@link StageCombiner} from the columns {@code [y, k_0, ..., k_(i-1)]} and Java-made
 * coefficients, term by term or as one stacked product, whichever suits the number of non-zero
 * coefficients and the state's size. The interpolant keeps the columns and combines them only
 * when an output falls inside the step. Step sizes are Java doubles per step group (one for a
 * shared step, one per sample); a zero step leaves its sample where it is.
 */
public final class ExplicitRungeKutta implements Stepper<RkState> {

    private final ButcherTableau tableau;
    private final double[][] rows;
    private final double[] c;
    private final double[] b;
    private final double[] errorWeights;
    /** Two extended stages at the same node and their stage inputs' difference, or null. */
    private final StagePair stiffnessPair;

    private ExplicitRungeKutta(ButcherTableau tableau) {
        this.tableau = tableau;
        int s = tableau.stages();
        this.c = tableau.c();
        this.b = tableau.b();
        this.errorWeights = tableau.isAdaptive() ? tableau.errorWeights() : null;
        this.rows = new double[s][];
        for (int i = 1; i < s; i++) {
            rows[i] = tableau.a(i);
        }
        this.stiffnessPair = StagePair.lastAtSameNode(tableau);
    }

    /**
     * Prepares the stepper of a tableau.
     *
     * @param tableau the method
     * @return the stepper
     */
    public static ExplicitRungeKutta prepare(ButcherTableau tableau) {
        return new ExplicitRungeKutta(tableau);
    }

    /**
     * Returns the method.
     *
     * @return the tableau
     */
    public ButcherTableau tableau() {
        return tableau;
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return tableau.name();
    }

    /** {@inheritDoc} */
    @Override
    public String shortName() {
        return tableau.shortName();
    }

    /** {@inheritDoc} */
    @Override
    public int order() {
        return tableau.order();
    }

    /** {@inheritDoc} */
    @Override
    public boolean hasErrorEstimate() {
        return tableau.isAdaptive();
    }

    /** {@inheritDoc} */
    @Override
    public int errorOrder() {
        return 1 + Math.min(tableau.order(), tableau.embeddedOrder());
    }

    /**
     * {@inheritDoc}
     *
     * <p>One evaluation: {@code k0 = f(t0, y0)}.
     */
    @Override
    public RkState init(StepContext context, NDArray y0) {
        return new RkState(context.field().evaluate(context.times().at(0.0), y0));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Stage inputs are formed by the context's {@link StageCombiner}; the error estimate and the
     * interpolant read the same columns, all extended stages {@code [y, k_0, ..., k_(E-1)]}.
     */
    @Override
    public StepAttempt<RkState> step(
            StepContext context, NDArray y, RkState state, double[] h, boolean denseOutput) {
        StageCombiner combiner = context.combiner();
        context.counters().step(false);
        // the interpolant and the error estimate read every extended stage, kEnd included
        boolean keepStages = denseOutput || tableau.isAdaptive();
        int s = tableau.stages();
        List<NDArray> columns = new ArrayList<>(s + 2);
        columns.add(y);
        columns.add(
                state.k0() != null
                        ? state.k0()
                        : context.field().evaluate(context.times().at(0.0), y));
        NDArray stageInput = y;
        for (int i = 1; i < s; i++) {
            stageInput = combiner.combine(columns.subList(0, i + 1), StageCombiner.rows(1, rows[i], h));
            columns.add(context.field().evaluate(context.times().at(c[i]), stageInput));
        }
        NDArray y1;
        NDArray kEnd;
        if (tableau.isFsal()) {
            y1 = stageInput;
            kEnd = columns.get(s);
        } else {
            y1 = combiner.combine(columns, StageCombiner.rows(1, b, h));
            if (keepStages) {
                kEnd = context.field().evaluate(context.times().at(1.0), y1);
                columns.add(kEnd);
            } else {
                // deferred to the next step, if there is one: the last step saves an evaluation
                kEnd = null;
            }
        }
        StageColumns stages = keepStages ? new StageColumns(columns) : null;
        NDArray error = null;
        if (tableau.isAdaptive()) {
            try (Autograd.GradModeScope paused = Autograd.pause()) {
                error = combiner.combine(stages, StageCombiner.rows(0, errorWeights, h));
            }
        }
        return new StepAttempt<>(
                y1, error, new RkState(kEnd), new RkInterpolant(tableau, stages, h, combiner));
    }

    /** {@inheritDoc} */
    @Override
    public double stabilityBoundary() {
        return tableau.realStabilityBoundary();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Uses the last two extended stages at the same node (the two stages at {@code c = 1} of
     * Dopri5 and Tsit5; for a non-FSAL method such as RK4 its last stage and {@code f(t + h,
     * y1)}); empty for methods without such a pair (Euler, Midpoint). The step size cancels:
     * {@code h |k_j - k_i| / |g_j - g_i| = |k_j - k_i| / |sum_m d_m k_m|} with {@code d} the
     * difference of the two stages' input coefficients.
     */
    @Override
    public Optional<double[]> stiffnessIndicator(StepAttempt<RkState> attempt) {
        RkInterpolant interpolant = (RkInterpolant) attempt.interpolant();
        if (stiffnessPair == null || !interpolant.hasStages()) {
            return Optional.empty();
        }
        List<NDArray> columns = interpolant.requireColumns();
        List<NDArray> k = columns.subList(1, columns.size());
        StageCombiner combiner = interpolant.combiner();
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDManager scope = combiner.constants().newSubManager()) {
            // what is computed from the stages below is freed with the scope
            k.forEach(stage -> stage.tempAttach(scope));
            NDArray slopeChange = k.get(stiffnessPair.second()).sub(k.get(stiffnessPair.first()));
            NDArray inputChange = combiner.combineShared(k, stiffnessPair.inputDifference());
            // both norms in one read: (2, batch)
            double[] norms =
                    HostReads.doubles(
                            slopeChange.norm(new int[] {1}).stack(inputChange.norm(new int[] {1})));
            int batch = norms.length / 2;
            double[] ratio = new double[batch];
            for (int b = 0; b < batch; b++) {
                double denominator = norms[batch + b];
                ratio[b] = denominator > 0 ? norms[b] / denominator : 0.0;
            }
            return Optional.of(ratio);
        }
    }

    /** {@inheritDoc} */
    @Override
    public RkState merge(
            boolean[] take, NDArray rowMask, RkState proposed, RkState current) {
        if (proposed.k0() == null || current.k0() == null) {
            // a deferred derivative is evaluated at the merged state by the next step
            return new RkState(null);
        }
        return new RkState(NDArrays.where(rowMask, proposed.k0(), current.k0()));
    }
}
