package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.solver.step.ConstantArrays;
import io.github.neuralode.solver.step.MethodCounters;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StageTimes;
import io.github.neuralode.solver.step.StepAttempt;
import io.github.neuralode.solver.step.StepContext;
import io.github.neuralode.solver.step.Stepper;
import io.github.neuralode.solver.step.StepperState;
import io.github.neuralode.solver.stepsize.ControllerState;
import io.github.neuralode.solver.stepsize.ErrorNorm;
import io.github.neuralode.solver.stepsize.InitialStepProblem;
import io.github.neuralode.solver.stepsize.StepDecision;
import io.github.neuralode.solver.stepsize.StepSizeController;

import java.util.List;

/**
 * One run of the solve loop over a flattened batch {@code (batch, n)}: attempt a step with the
 * {@link Stepper}, let the {@link StepSizeController} accept or reject it per step group, record
 * outputs through the step's interpolant, merge the accepted states, and repeat until every group
 * is done. Failures become per-group statuses, never exceptions. The loop speaks to the method and
 * the controller only through their contracts.
 *
 * <p>Memory: each attempt runs in a sub-manager that is closed afterwards; only the accepted
 * state, the method's state and the outputs survive. Arrays created from Java values (step sizes,
 * times, weights) are what the autograd graph points at, so while recording they stay on the
 * solve's manager until it is closed with the caller's arrays.
 *
 * @param <S> the method's state
 */
final class IntegrationLoop<S extends StepperState> {

    /** How many attempts before the step budget the stiffness indicator is watched. */
    private static final int STIFFNESS_WINDOW = 20;
    /** The fraction of the stability boundary that counts as stiff. */
    private static final double STIFF_FRACTION = 0.8;

    private final OdeSolver solver;
    private final Stepper<S> stepper;
    private final StepSizeController controller;
    private final CountingField field;
    private final StepClocks clocks;
    private final OutputRecorder outputs;
    private final NDManager manager;
    private final DataType dataType;
    private final ErrorNorm norm;
    private final boolean recording;
    private final boolean finalOnly;
    private final MethodCounters counters = new MethodCounters();
    /** Per sample, the largest stiffness indicator seen in the attempts just before the budget. */
    private double[] stiffnessSeen;
    private ControllerState controllerState;
    /** The per-sample error ratios of the last attempt (null before the first adaptive one). */
    private double[] sampleRatios;
    private NDArray autonomousTime;
    private StepObserver observer;

    IntegrationLoop(
            OdeSolver solver,
            Stepper<S> stepper,
            CountingField field,
            StepClocks clocks,
            OutputRecorder outputs,
            NDManager manager,
            DataType dataType,
            long n,
            boolean finalOnly) {
        this.solver = solver;
        this.stepper = stepper;
        this.controller = solver.controller();
        this.finalOnly = finalOnly;
        this.field = field;
        this.clocks = clocks;
        this.outputs = outputs;
        this.manager = manager;
        this.dataType = dataType;
        this.recording = Autograd.isRecording();
        this.norm = controller.errorNorm(manager, dataType, n).orElse(null);
        this.controllerState = ControllerState.initial(clocks.groups());
    }

    /** Reports every attempt with an accepted group to {@code observer} (null: none). */
    void observe(StepObserver observer) {
        this.observer = observer;
    }

    /** Integrates from {@code y0} and returns the final state (flattened). */
    NDArray run(NDArray y0, double t0) {
        NDArray y = y0;
        double[] still = new double[clocks.groups()];
        S state = stepper.init(context(manager, still), y0);
        state.arrays().forEach(array -> array.attach(manager));
        initialSteps(y0, state.derivative());
        while (!clocks.allDone()) {
            stopAtMaxSteps();
            if (clocks.allDone()) {
                break;
            }
            Step<S> next = attempt(y, state);
            release(y, y0, List.of(next.y()));
            for (NDArray old : state.arrays()) {
                release(old, null, next.state().arrays());
            }
            y = next.y();
            state = next.state();
        }
        return y;
    }

    /** Closes {@code old} unless the next step still uses it or it is protected or an output. */
    private void release(NDArray old, NDArray protectedArray, List<NDArray> kept) {
        if (!holdsSame(kept, old) && old != protectedArray && !outputs.holds(old)) {
            old.close();
        }
    }

    /** Identity, not {@code equals}: DJL's {@code NDArray.equals} compares contents. */
    private static boolean holdsSame(List<NDArray> arrays, NDArray array) {
        for (NDArray candidate : arrays) {
            if (candidate == array) {
                return true;
            }
        }
        return false;
    }

    private void stopAtMaxSteps() {
        for (int g = 0; g < clocks.groups(); g++) {
            if (!clocks.done[g] && clocks.steps[g] >= solver.maxSteps()) {
                clocks.fail(g, SolveStatus.MAX_STEPS_REACHED, worstSample());
            }
        }
    }

    /** The state and method state after one attempt. */
    private record Step<S>(NDArray y, S state) {}

    /** One attempted step for every group; returns the merged state and method state. */
    private Step<S> attempt(NDArray y, S state) {
        double[] h = clocks.nextSteps();
        try (NDManager scope = manager.newSubManager()) {
            NDManager constants = recording ? manager : scope;
            y.tempAttach(scope);
            state.arrays().forEach(array -> array.tempAttach(scope));
            StepAttempt<S> step = stepper.step(context(constants, h), y, state, h, !finalOnly);
            watchStiffness(step);
            boolean[] accept = decide(step, y, h, stepper.errorOrders(state, clocks.groups()));
            List<OutputHit> hits =
                    finalOnly ? List.of() : outputs.recordStep(step.interpolant(), h, accept);
            if (observer != null) {
                notifyObserver(accept, h, y, hits, state);
            }
            Step<S> merged = merge(accept, step, y, state, constants);
            if (merged.state() != state) {
                stepper.accepted(merged.state(), counters);
            }
            if (merged.y() != y) {
                merged.y().attach(manager);
            }
            for (NDArray array : merged.state().arrays()) {
                if (!holdsSame(state.arrays(), array)) {
                    array.attach(manager);
                }
            }
            clocks.advance(accept, h);
            return merged;
        }
    }

    /**
     * In the last attempts before a group runs out of steps, records how close the method's steps
     * are to its stability boundary, for the failure message.
     */
    private void watchStiffness(StepAttempt<S> step) {
        if (norm == null || Double.isInfinite(stepper.stabilityBoundary())) {
            return;
        }
        boolean near = false;
        for (int g = 0; g < clocks.groups(); g++) {
            near |= !clocks.done[g] && clocks.steps[g] >= solver.maxSteps() - STIFFNESS_WINDOW;
        }
        if (!near) {
            return;
        }
        stepper.stiffnessIndicator(step)
                .ifPresent(
                        indicator -> {
                            if (stiffnessSeen == null) {
                                stiffnessSeen = new double[indicator.length];
                            }
                            for (int b = 0; b < indicator.length; b++) {
                                stiffnessSeen[b] = Math.max(stiffnessSeen[b], indicator[b]);
                            }
                        });
    }

    /**
     * Says, for a solve whose steps ran out, whether the failing samples looked stiff: over the
     * last attempts the step times the dominant eigenvalue reached the method's stability boundary,
     * so stability, not accuracy, held the steps down.
     *
     * @return the advice, or empty
     */
    String advice() {
        if (stiffnessSeen == null) {
            return "";
        }
        double boundary = stepper.stabilityBoundary();
        for (int b = 0; b < stiffnessSeen.length; b++) {
            int g = clocks.groupOf(b);
            if (clocks.status[g] == SolveStatus.MAX_STEPS_REACHED
                    && stiffnessSeen[b] >= STIFF_FRACTION * boundary) {
                return String.format(
                        "The problem looks stiff for %s: in its last steps h times the dominant"
                                + " eigenvalue of sample %d reached %.3g, at the method's stability"
                                + " boundary %.3g, so stability, not accuracy, held the steps down."
                                + " Fix: use a stiff solver, optMethod(Rosenbrock.of(RosenbrockTableaus."
                                + "RODAS5P)), or AutoSwitch.tsit5Rosenbrock23() to switch by itself"
                                + " (a larger maxSteps only buys more tiny steps).",
                        stepper.name(), b, stiffnessSeen[b], boundary);
            }
        }
        return "";
    }

    private StepContext context(NDManager constants, double[] h) {
        return new StepContext(
                field,
                stageTimes(constants, h),
                new StageCombiner(constants, dataType, clocks.groups()),
                counters);
    }

    private void notifyObserver(
            boolean[] accept, double[] h, NDArray y, List<OutputHit> hits, S state) {
        double[] moved = new double[h.length];
        boolean any = false;
        for (int g = 0; g < h.length; g++) {
            moved[g] = accept[g] ? h[g] : 0.0;
            any |= accept[g];
        }
        if (any) {
            observer.onAcceptedStep(
                    new AcceptedStep(
                            clocks.t.clone(), moved, y, hits, stepper.replayPart(state)));
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
     * Accept/reject per group through the controller; fails groups whose step underflows and,
     * without an error estimate, groups whose new state is not finite (at the start of that step).
     */
    private boolean[] decide(StepAttempt<S> step, NDArray y, double[] h, int[] errorOrders) {
        int groups = clocks.groups();
        double[] ratio = norm == null ? null : groupRatios(step, y);
        double[] magnitude = new double[groups];
        for (int g = 0; g < groups; g++) {
            magnitude[g] = Math.abs(h[g]);
        }
        StepDecision decision =
                controller.adapt(ratio, magnitude, errorOrders, controllerState);
        controllerState = decision.state();
        boolean[] accept = new boolean[groups];
        for (int g = 0; g < groups; g++) {
            if (clocks.done[g]) {
                continue;
            }
            accept[g] = decision.accept()[g];
            clocks.stepMagnitude[g] = decision.nextStep()[g];
            if (!(clocks.stepMagnitude[g] >= clocks.resolution(g, controller.minStep()))) {
                clocks.fail(
                        g,
                        ratio == null || Double.isFinite(ratio[g])
                                ? SolveStatus.STEP_SIZE_TOO_SMALL
                                : SolveStatus.NON_FINITE_STATE,
                        worstSample());
                accept[g] = false;
            }
        }
        if (norm == null) {
            rejectNonFinite(step.y1(), accept);
        }
        return accept;
    }

    /**
     * Without an error estimate nothing else notices a blow-up: a group with a NaN or infinite
     * sample fails at the start of this step. One scalar read per step; per sample only when it
     * is not finite.
     */
    private void rejectNonFinite(NDArray y1, boolean[] accept) {
        if (Double.isFinite(total(y1))) {
            return;
        }
        boolean[] bad = OdeSolver.nonFiniteSamples(y1);
        for (int b = 0; b < bad.length; b++) {
            int g = clocks.groupOf(b);
            if (bad[b] && accept[g]) {
                clocks.fail(g, SolveStatus.NON_FINITE_STATE, b);
                accept[g] = false;
            }
        }
    }

    /**
     * The sum of all entries, off the tape: one operation and one read of a scalar. Finite unless
     * an entry is NaN or infinite (or the sum overflows, which the per-sample check then clears).
     */
    private static double total(NDArray y) {
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDArray sum = y.sum()) {
            return HostReads.scalar(sum);
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

    /** Error ratio per group: per-sample RMS norms, reduced over the batch in SHARED mode. */
    private double[] groupRatios(StepAttempt<S> step, NDArray y) {
        sampleRatios = norm.ratio(step.error(), y, step.y1());
        return perGroup(sampleRatios);
    }

    private Step<S> merge(
            boolean[] accept, StepAttempt<S> step, NDArray y, S state, NDManager constants) {
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
            return new Step<>(step.y1(), step.next());
        }
        if (none) {
            return new Step<>(y, state);
        }
        NDArray mask = ConstantArrays.rowMask(constants, take, y.getShape().get(1));
        return new Step<>(
                NDArrays.where(mask, step.y1(), y),
                stepper.merge(take, mask, step.next(), state));
    }

    /** Chooses the first step of every group through the controller. */
    private void initialSteps(NDArray y0, NDArray f0) {
        double[] magnitude;
        try (LoopInitialStep problem = new LoopInitialStep(y0, f0)) {
            magnitude = controller.initialStep(problem);
        }
        System.arraycopy(magnitude, 0, clocks.stepMagnitude, 0, magnitude.length);
    }

    /**
     * The loop's view of the first-step problem: norms by the controller's error norm, scaled by
     * {@code y0}, reduced over the batch for a shared step; everything off the tape in a scope of
     * its own.
     */
    private final class LoopInitialStep implements InitialStepProblem, AutoCloseable {

        private final NDArray y0;
        private final NDArray f0;
        private final NDManager scope;
        private final Autograd.GradModeScope paused;

        LoopInitialStep(NDArray y0, NDArray f0) {
            this.y0 = y0;
            this.f0 = f0;
            this.paused = Autograd.pause();
            this.scope = manager.newSubManager();
            y0.tempAttach(scope);
            f0.tempAttach(scope);
        }

        @Override
        public int groups() {
            return clocks.groups();
        }

        @Override
        public int order() {
            return stepper.order();
        }

        @Override
        public double[] stateNorm() {
            return perGroup(requireNorm().scaled(y0, y0));
        }

        @Override
        public double[] derivativeNorm() {
            return perGroup(requireNorm().scaled(f0, y0));
        }

        @Override
        public double[] derivativeChangeNorm(double[] h) {
            double[] signed = new double[h.length];
            for (int g = 0; g < h.length; g++) {
                signed[g] = clocks.direction() * h[g];
            }
            NDArray y1 = y0.add(f0.mul(clocks.timeArray(scope, signed)));
            NDArray f1 = field.evaluate(clocks.stageTime(scope, signed, 1.0), y1);
            return perGroup(requireNorm().scaled(f1.sub(f0), y0));
        }

        private ErrorNorm requireNorm() {
            if (norm == null) {
                throw new IllegalStateException(
                        "the step-size controller asked for error norms but has no error norm");
            }
            return norm;
        }

        @Override
        public void close() {
            scope.close();
            paused.close();
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
                counters.snapshot(),
                wallNanos);
    }
}
