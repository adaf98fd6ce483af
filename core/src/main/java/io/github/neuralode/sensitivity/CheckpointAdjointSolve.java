package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.FlatField;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.AcceptedStep;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.StepWindow;
import io.github.neuralode.solver.TimeArrays;
import io.github.neuralode.solver.rk.ExplicitRungeKutta;
import io.github.neuralode.solver.rk.StageCombiner;
import io.github.neuralode.solver.rk.StageTimes;
import io.github.neuralode.solver.rk.StepResult;

import java.util.ArrayList;
import java.util.List;

/**
 * One solve of the exact checkpointed adjoint ({@link CheckpointAdjoint}, ACA-style
 * discretise-then-optimise): the forward solve runs with recording paused and keeps only the
 * state at the start of every accepted step with its {@code (t, h)}; the backward pass re-runs one
 * step at a time with recording on, from the last step to the first, and pulls the adjoint through
 * it with one vector-Jacobian product.
 *
 * <p>Gradients equal those of {@link Sensitivity#DIRECT} up to round-off, for fixed-step and
 * adaptive methods (the re-run uses the forward's accepted step sizes) and in both step modes (in
 * {@code PER_SAMPLE} mode a sample that did not move in a step re-runs it with {@code h = 0}, which
 * passes its adjoint through unchanged). Outputs at many times are supported: an output at the end
 * of a step adds its cotangent to the adjoint there (the jump), an output inside a step (dense
 * output) adds its cotangent to the step's stages, {@code h w(theta)} weighted, and to its start.
 *
 * <p>Memory: the checkpoints, {@code (steps, batch, n)} values, plus the graph of one step at a
 * time. Cost: the backward pass evaluates the field {@code stages} times per accepted step (the
 * first stage is recomputed) and runs one autograd backward per step.
 *
 * <p>Shapes: {@code y0} is {@code (batch, state...)}; outputs {@code (times, batch, state...)}.
 * Used directly, without {@link OdeBackward} ({@link CheckpointAdjoint} and an {@code OdeBlock}
 * do this for you):
 *
 * <pre>{@code
 * try (var solve = CheckpointAdjointSolve.solve(solver, field, y0, saveAt)) {
 *     NDArray outputs = solve.solution().outputs().stopGradient();
 *     outputs.setRequiresGradient(true);
 *     collector.backward(loss(outputs));                     // dL/d(outputs) into outputs' gradient
 *     NDArray dLdy0 = solve.backward(outputs.getGradient()); // parameter gradients accumulate
 * }
 * }</pre>
 */
public final class CheckpointAdjointSolve implements AdjointSolve {

    private final OdeSolver solver;
    private final VectorField field;
    private final SaveAt saveAt;
    private final Shape stateShape;
    private final Shape flatShape;
    private final DataType dataType;
    private final NDManager manager;
    private final List<AcceptedStep> steps;
    private final List<List<OutputHit>> hits;
    private final OdeSolution solution;
    private long evaluations;

    /** One output reached inside a step: its index, the sample (-1: all), theta, whether at the end. */
    private record OutputHit(int output, int sample, double theta, boolean atEnd) {}

    private CheckpointAdjointSolve(
            OdeSolver solver,
            VectorField field,
            NDArray y0,
            SaveAt saveAt,
            NDManager manager,
            List<AcceptedStep> steps,
            OdeSolution solution) {
        this.solver = solver;
        this.saveAt = saveAt;
        this.stateShape = y0.getShape();
        long batch = stateShape.get(0);
        this.flatShape = new Shape(batch, stateShape.size() / batch);
        this.dataType = y0.getDataType();
        this.manager = manager;
        this.steps = steps;
        this.solution = solution;
        this.field = flatCountingField(field);
        this.hits = assignOutputs();
    }

    /**
     * Solves with recording paused and keeps the checkpoints for {@link #backward}.
     *
     * @param solver the solver (any explicit method, fixed or adaptive, either step mode)
     * @param field the vector field; its parameters receive gradients in {@link #backward}
     * @param y0 the initial state {@code (batch, state...)}
     * @param saveAt the output request
     * @return the solve, holding its forward solution
     */
    public static CheckpointAdjointSolve solve(
            OdeSolver solver, VectorField field, NDArray y0, SaveAt saveAt) {
        NDManager manager = y0.getManager().newSubManager();
        List<AcceptedStep> steps = new ArrayList<>();
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            OdeSolution solution =
                    solver.solve(
                            field,
                            y0,
                            saveAt,
                            step -> {
                                NDArray copy = step.y().duplicate();
                                copy.attach(manager);
                                steps.add(new AcceptedStep(step.t(), step.h(), copy));
                            });
            return new CheckpointAdjointSolve(solver, field, y0, saveAt, manager, steps, solution);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@inheritDoc} */
    @Override
    public OdeSolution solution() {
        return solution;
    }

    /**
     * Returns the number of checkpointed steps (attempts in which at least one group moved).
     *
     * @return the number of steps the backward pass re-runs
     */
    public int checkpointCount() {
        return steps.size();
    }

    /** {@inheritDoc} */
    @Override
    public long backwardEvaluations() {
        return evaluations;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray backward(NDArray outputsCotangent) {
        Shape expected = solution.outputs().getShape();
        if (!outputsCotangent.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    "the cotangent has shape "
                            + outputsCotangent.getShape()
                            + " but the outputs have shape "
                            + expected);
        }
        int count = saveAt.outputCount();
        try (NDManager scope = manager.newSubManager()) {
            NDArray g = outputsCotangent.reshape(new Shape(count).addAll(flatShape));
            g.attach(scope);
            if (!solution.isSuccess()) {
                // outputs a failed sample never reached are NaN constants: they carry no gradient
                g = NDArrays.where(g.isNaN(), scope.zeros(g.getShape(), dataType), g);
            }
            NDArray transposed = saveAt.isFinalOnly() ? null : g.transpose(1, 2, 0);
            NDArray a = saveAt.isFinalOnly() ? g.get(0) : scope.zeros(flatShape, dataType);
            ExplicitRungeKutta stepper = ExplicitRungeKutta.prepare(solver.tableau());
            for (int k = steps.size() - 1; k >= 0; k--) {
                NDArray previous = a;
                a = stepBackward(k, a, transposed, stepper, scope);
                previous.close();
            }
            NDArray y0Cotangent = saveAt.isFinalOnly() ? a : a.add(g.get(0));
            NDArray result = y0Cotangent.reshape(stateShape);
            result.attach(outputsCotangent.getManager());
            return result;
        }
    }

    /**
     * Pulls the adjoint {@code a = dL/dy(t + h)} back through step {@code k}: returns {@code
     * dL/dy(t)} and adds the step's parameter gradients into the parameters' gradient arrays.
     */
    private NDArray stepBackward(
            int k, NDArray a, NDArray transposed, ExplicitRungeKutta stepper, NDManager scope) {
        AcceptedStep step = steps.get(k);
        List<OutputHit> stepHits = hits.get(k);
        boolean dense = stepHits.stream().anyMatch(hit -> !hit.atEnd());
        try (NDManager local = scope.newSubManager();
                Autograd.GradModeScope recording = Autograd.record()) {
            NDArray y = step.y().stopGradient();
            y.attach(local);
            y.setRequiresGradient(true);
            StageTimes times = stageTimes(local, step);
            NDArray k0 = field.evaluate(times.at(0.0), y);
            StageCombiner combiner = new StageCombiner(local, dataType, step.h().length);
            StepResult result = stepper.step(field, times, y, k0, step.h(), combiner, dense);
            NDArray target = result.y1();
            NDArray cotangent = a;
            if (!stepHits.isEmpty()) {
                int e = solver.tableau().extendedStages();
                NDArray q = transposed.matMul(hitMatrix(local, stepHits, e, step.h()));
                cotangent = a.add(q.get("..., " + (e + 1)));
                if (dense) {
                    // outputs inside the step are stages @ [1, h w_0, ..., h w_(E-1)]
                    NDArray stageCotangent = q.get("..., :" + (e + 1));
                    target = NDArrays.concat(new NDList(target.expandDims(-1), result.stages()), -1);
                    cotangent = NDArrays.concat(new NDList(cotangent.expandDims(-1), stageCotangent), -1);
                }
            }
            Autograd.backward(target, cotangent, false);
            NDArray next = y.getGradient();
            next.attach(scope);
            return next;
        }
    }

    /**
     * The weights that map the transposed output cotangents {@code (batch, n, times)} to the
     * cotangents of one step: columns {@code 0..E} the dense-output coefficients {@code [1, h w_0,
     * ..., h w_(E-1)]} of the outputs inside the step (the coefficients of the stacked {@code [y,
     * k_0, ..., k_(E-1)]}), column {@code E+1} the indicator of outputs at the step's end. Shape
     * {@code (times, E + 2)} for a shared step, {@code (batch, times, E + 2)} per sample.
     */
    private NDArray hitMatrix(NDManager local, List<OutputHit> stepHits, int e, double[] h) {
        int count = saveAt.outputCount();
        int width = e + 2;
        boolean shared = solver.stepMode() == StepMode.SHARED;
        int batch = (int) flatShape.get(0);
        double[] values = new double[(shared ? 1 : batch) * count * width];
        for (OutputHit hit : stepHits) {
            int base = ((shared ? 0 : hit.sample()) * count + hit.output()) * width;
            if (hit.atEnd()) {
                values[base + e + 1] = 1.0;
                continue;
            }
            double[] w = solver.tableau().denseWeights(hit.theta());
            double hg = h[shared ? 0 : hit.sample()];
            values[base] = 1.0;
            for (int i = 0; i < e; i++) {
                values[base + 1 + i] = hg * w[i];
            }
        }
        Shape shape = shared ? new Shape(count, width) : new Shape(batch, count, width);
        return ExplicitRungeKutta.constant(local, values, shape, dataType);
    }

    /** Assigns every output after the first to the step that produced it, as the solver did. */
    private List<List<OutputHit>> assignOutputs() {
        List<List<OutputHit>> assigned = new ArrayList<>();
        double[] times = saveAt.times();
        boolean shared = solver.stepMode() == StepMode.SHARED;
        int[] next = new int[shared ? 1 : (int) flatShape.get(0)];
        java.util.Arrays.fill(next, 1);
        for (AcceptedStep step : steps) {
            List<OutputHit> stepHits = new ArrayList<>();
            for (int g = 0; g < next.length && !saveAt.isFinalOnly(); g++) {
                double t = step.t()[g];
                double h = step.h()[g];
                double tEnd = times[times.length - 1];
                while (next[g] < times.length && StepWindow.contains(times[next[g]], t, h, tEnd)) {
                    double theta = StepWindow.theta(times[next[g]], t, h, tEnd);
                    stepHits.add(new OutputHit(next[g], shared ? -1 : g, theta, shared && theta == 1.0));
                    next[g]++;
                }
            }
            assigned.add(stepHits);
        }
        return assigned;
    }

    /** Stage times as the solve loop makes them: one start-time array for autonomous fields. */
    private StageTimes stageTimes(NDManager local, AcceptedStep step) {
        if (!field.isTimeDependent()) {
            NDArray start = timeArray(local, step.t());
            return c -> start;
        }
        return c -> timeArray(local, TimeArrays.stage(step.t(), step.h(), c));
    }

    private NDArray timeArray(NDManager local, double[] groupValues) {
        return TimeArrays.create(local, groupValues, solver.stepMode(), dataType);
    }

    /** Evaluates the user's field on flattened {@code (batch, n)} states and counts evaluations. */
    private VectorField flatCountingField(VectorField user) {
        FlatField flat = FlatField.of(user, stateShape);
        return new VectorField() {
            @Override
            public NDArray evaluate(NDArray t, NDArray y) {
                evaluations++;
                return flat.evaluate(t, y);
            }

            @Override
            public boolean isTimeDependent() {
                return flat.isTimeDependent();
            }
        };
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        manager.close();
    }
}
