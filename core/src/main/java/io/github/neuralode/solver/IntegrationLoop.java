package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.solver.rk.ExplicitRungeKutta;
import io.github.neuralode.solver.rk.StageCombiner;
import io.github.neuralode.solver.rk.StageTimes;
import io.github.neuralode.solver.rk.StepResult;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.ErrorNorm;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stepsize.PidState;
import io.github.neuralode.solver.stepsize.StepDecision;

/**
 * One run of the solve loop over a flattened batch {@code (batch, n)}: attempt a step, let the
 * controller accept or reject it per step group, record outputs, merge the accepted states, and
 * repeat until every group is done. Failures become per-group statuses, never exceptions.
 *
 * <p>Memory: each attempt runs in a sub-manager that is closed afterwards; only the accepted
 * state, its first stage and the outputs survive. Arrays created from Java values (step sizes,
 * times, weights) are what the autograd graph points at, so while recording they stay on the
 * solve's manager until it is closed with the caller's arrays.
 */
final class IntegrationLoop {

    private final OdeSolver solver;
    private final CountingField field;
    private final StepClocks clocks;
    private final OutputRecorder outputs;
    private final ExplicitRungeKutta stepper;
    private final NDManager manager;
    private final DataType dataType;
    private final ErrorNorm norm;
    private final boolean recording;
    private final double minStep;
    private final boolean finalOnly;
    private PidState pidState;
    /** The per-sample error ratios of the last attempt (null before the first adaptive one). */
    private double[] sampleRatios;
    private NDArray autonomousTime;
    private StepObserver observer;

    IntegrationLoop(
            OdeSolver solver,
            CountingField field,
            StepClocks clocks,
            OutputRecorder outputs,
            NDManager manager,
            DataType dataType,
            long n,
            boolean finalOnly) {
        this.solver = solver;
        this.finalOnly = finalOnly;
        this.field = field;
        this.clocks = clocks;
        this.outputs = outputs;
        this.manager = manager;
        this.dataType = dataType;
        this.stepper = ExplicitRungeKutta.prepare(solver.tableau());
        this.recording = Autograd.isRecording();
        PidController pid = solver.controller() instanceof PidController p ? p : null;
        this.norm = pid == null ? null : ErrorNorm.of(pid, manager, dataType, n);
        this.minStep = pid == null ? 0 : pid.minStep();
        this.pidState = PidState.initial(clocks.groups());
    }

    /** Reports every attempt with an accepted group to {@code observer} (null: none). */
    void observe(StepObserver observer) {
        this.observer = observer;
    }

    /** Integrates from {@code y0} and returns the final state (flattened). */
    NDArray run(NDArray y0, double t0) {
        NDArray y = y0;
        NDArray k0 = field.evaluate(clocks.timeArray(manager, filled(t0)), y0);
        k0.attach(manager);
        initialSteps(y0, k0, t0);
        while (!clocks.allDone()) {
            stopAtMaxSteps();
            if (clocks.allDone()) {
                break;
            }
            NDArray[] state = attempt(y, k0);
            release(y, y0, state[0]);
            release(k0, null, state[1]);
            y = state[0];
            k0 = state[1];
        }
        return y;
    }

    private void release(NDArray old, NDArray protectedArray, NDArray replacement) {
        if (old != replacement && old != protectedArray && !outputs.holds(old)) {
            old.close();
        }
    }

    private void stopAtMaxSteps() {
        for (int g = 0; g < clocks.groups(); g++) {
            if (!clocks.done[g] && clocks.steps[g] >= solver.maxSteps()) {
                clocks.fail(g, SolveStatus.MAX_STEPS_REACHED, worstSample());
            }
        }
    }

    /** One attempted step for every group; returns the merged state and first stage. */
    private NDArray[] attempt(NDArray y, NDArray k0) {
        double[] h = clocks.nextSteps();
        NDManager constants;
        NDArray[] merged;
        try (NDManager scope = manager.newSubManager()) {
            constants = recording ? manager : scope;
            y.tempAttach(scope);
            k0.tempAttach(scope);
            StageTimes times = stageTimes(constants, h);
            StageCombiner combiner = new StageCombiner(constants, dataType, clocks.groups());
            StepResult step = stepper.step(field, times, y, k0, h, combiner, !finalOnly);
            boolean[] accept = decide(step, y, h);
            if (observer != null) {
                notifyObserver(accept, h, y);
            }
            if (!finalOnly) {
                outputs.recordStep(step, combiner, h, accept);
            }
            merged = merge(accept, step, y, k0, constants);
            if (merged[0] != y) {
                merged[0].attach(manager);
            }
            if (merged[1] != k0) {
                merged[1].attach(manager);
            }
            clocks.advance(accept, h);
        }
        return merged;
    }

    private void notifyObserver(boolean[] accept, double[] h, NDArray y) {
        double[] moved = new double[h.length];
        boolean any = false;
        for (int g = 0; g < h.length; g++) {
            moved[g] = accept[g] ? h[g] : 0.0;
            any |= accept[g];
        }
        if (any) {
            observer.onAcceptedStep(new AcceptedStep(clocks.t.clone(), moved, y));
        }
    }

    private StageTimes stageTimes(NDManager constants, double[] h) {
        if (!field.isTimeDependent()) {
            // An autonomous field ignores t: one array of the start time serves the whole solve.
            if (autonomousTime == null) {
                autonomousTime = clocks.stageTime(manager, h, 0.0);
            }
            return c -> autonomousTime;
        }
        return c -> clocks.stageTime(constants, h, c);
    }

    /**
     * Accept/reject per group; updates the next step sizes and fails groups whose step underflows
     * or, for fixed steps, whose new state is not finite (at the start of that step).
     */
    private boolean[] decide(StepResult step, NDArray y, double[] h) {
        if (!(solver.controller() instanceof PidController pid)) {
            return acceptFinite(step);
        }
        int groups = clocks.groups();
        boolean[] accept = new boolean[groups];
        double[] ratio = groupRatios(step, y);
        double[] magnitude = new double[groups];
        for (int g = 0; g < groups; g++) {
            magnitude[g] = Math.abs(h[g]);
        }
        StepDecision decision = pid.adapt(ratio, magnitude, errorOrder(), pidState);
        pidState = decision.state();
        for (int g = 0; g < groups; g++) {
            if (clocks.done[g]) {
                continue;
            }
            accept[g] = decision.accept()[g];
            clocks.stepMagnitude[g] = decision.nextStep()[g];
            if (!(clocks.stepMagnitude[g] >= clocks.resolution(g, minStep))) {
                clocks.fail(
                        g,
                        Double.isFinite(ratio[g])
                                ? SolveStatus.STEP_SIZE_TOO_SMALL
                                : SolveStatus.NON_FINITE_STATE,
                        worstSample());
                accept[g] = false;
            }
        }
        return accept;
    }

    /**
     * Fixed steps: accepts every running group whose new state is finite; a group with a NaN or
     * infinite sample fails at the start of this step (one small host read per step).
     */
    private boolean[] acceptFinite(StepResult step) {
        boolean[] accept = new boolean[clocks.groups()];
        for (int g = 0; g < accept.length; g++) {
            accept[g] = !clocks.done[g];
        }
        if (Double.isFinite(total(step.y1()))) {
            return accept;
        }
        boolean[] bad = OdeSolver.nonFiniteSamples(step.y1());
        for (int b = 0; b < bad.length; b++) {
            int g = clocks.groupOf(b);
            if (bad[b] && accept[g]) {
                clocks.fail(g, SolveStatus.NON_FINITE_STATE, b);
                accept[g] = false;
            }
        }
        return accept;
    }

    /**
     * The sum of all entries, off the tape: one operation and one read of a scalar. Finite unless
     * an entry is NaN or infinite (or the sum overflows, which the per-sample check then clears).
     */
    private static double total(NDArray y) {
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDArray sum = y.sum()) {
            return sum.getDataType() == DataType.FLOAT32 ? sum.getFloat() : sum.getDouble();
        }
    }

    /**
     * The sample of a shared step with the largest error ratio (NaN counts as largest) in the last
     * attempt: the one that forced the batch's step down. -1 before any adaptive attempt.
     */
    private int worstSample() {
        if (sampleRatios == null) {
            return -1;
        }
        int worst = 0;
        for (int b = 1; b < sampleRatios.length && !Double.isNaN(sampleRatios[worst]); b++) {
            if (Double.isNaN(sampleRatios[b]) || sampleRatios[b] > sampleRatios[worst]) {
                worst = b;
            }
        }
        return worst;
    }

    private int errorOrder() {
        return 1 + Math.min(solver.tableau().order(), solver.tableau().embeddedOrder());
    }

    /** Error ratio per group: per-sample RMS norms, reduced over the batch in SHARED mode. */
    private double[] groupRatios(StepResult step, NDArray y) {
        sampleRatios = norm.ratio(step.error(), y, step.y1());
        return perGroup(sampleRatios);
    }

    private NDArray[] merge(
            boolean[] accept, StepResult step, NDArray y, NDArray k0, NDManager constants) {
        int groups = clocks.groups();
        boolean all = true;
        boolean none = true;
        boolean[] take = new boolean[groups];
        for (int g = 0; g < groups; g++) {
            take[g] = accept[g] || clocks.done[g];
            all &= take[g];
            none &= !accept[g];
        }
        if (all) {
            return new NDArray[] {step.y1(), step.kEnd()};
        }
        if (none) {
            return new NDArray[] {y, k0};
        }
        NDArray mask = StepClocks.rowMask(constants, take, y.getShape().get(1));
        return new NDArray[] {
            NDArrays.where(mask, step.y1(), y), NDArrays.where(mask, step.kEnd(), k0)
        };
    }

    /** Chooses the first step: the user's, Hairer's automatic selection, or the constant step. */
    private void initialSteps(NDArray y0, NDArray k0, double t0) {
        double[] magnitude;
        if (solver.controller() instanceof ConstantStepSize constant) {
            magnitude = filled(constant.dt());
        } else {
            PidController pid = (PidController) solver.controller();
            magnitude =
                    pid.firstStep().isPresent()
                            ? filled(pid.firstStep().getAsDouble())
                            : hairerInitialStep(y0, k0, t0);
            for (int g = 0; g < magnitude.length; g++) {
                magnitude[g] = Math.min(magnitude[g], pid.maxStep());
            }
        }
        System.arraycopy(magnitude, 0, clocks.stepMagnitude, 0, magnitude.length);
    }

    private double[] filled(double value) {
        double[] values = new double[clocks.groups()];
        java.util.Arrays.fill(values, value);
        return values;
    }

    /**
     * Hairer, Norsett and Wanner (Solving ODEs I, II.4): a trial Euler step sized from the scaled
     * norms of y0 and f0, then {@code h = min(100 h0, (0.01 / max(d1, d2))^(1/p))}. The norms are
     * per sample, reduced over the batch by the shared error norm when the step is shared; one
     * extra evaluation, off the tape.
     */
    private double[] hairerInitialStep(NDArray y0, NDArray k0, double t0) {
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDManager scope = manager.newSubManager()) {
            y0.tempAttach(scope);
            k0.tempAttach(scope);
            double[] d0 = perGroup(norm.scaled(y0, y0));
            double[] d1 = perGroup(norm.scaled(k0, y0));
            double[] h0 = new double[d0.length];
            double[] signed = new double[d0.length];
            for (int g = 0; g < h0.length; g++) {
                h0[g] = d0[g] < 1e-5 || d1[g] < 1e-5 ? 1e-6 : 0.01 * d0[g] / d1[g];
                signed[g] = clocks.direction() * h0[g];
            }
            NDArray hArray = clocks.timeArray(scope, signed);
            NDArray y1 = y0.add(k0.mul(hArray));
            NDArray k1 = field.evaluate(clocks.stageTime(scope, signed, 1.0), y1);
            double[] d2 = perGroup(norm.scaled(k1.sub(k0), y0));
            int order = solver.tableau().order();
            double[] h = new double[d0.length];
            for (int g = 0; g < h.length; g++) {
                double d = Math.max(d1[g], d2[g] / h0[g]);
                double h1 = d <= 1e-15 ? Math.max(1e-6, h0[g] * 1e-3) : Math.pow(0.01 / d, 1.0 / order);
                h[g] = Math.min(100 * h0[g], h1);
            }
            return h;
        }
    }

    /** Per-sample norms reduced to one per step group, by the solver's shared error norm. */
    private double[] perGroup(double[] perSample) {
        return clocks.groups() == perSample.length
                ? perSample
                : new double[] {solver.sharedErrorNorm().reduce(perSample)};
    }

    SolveStats stats(long wallNanos) {
        return new SolveStats(
                field.evaluations(),
                field.sampleEvaluations(),
                clocks.maxAccepted(),
                clocks.totalRejected(),
                0,
                wallNanos);
    }
}
