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
import io.github.neuralode.solver.OutputHit;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.TimeArrays;
import io.github.neuralode.solver.step.ConstantArrays;
import io.github.neuralode.solver.step.Interpolant;
import io.github.neuralode.solver.step.MethodCounters;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StageTimes;
import io.github.neuralode.solver.step.StepAttempt;
import io.github.neuralode.solver.step.StepContext;
import io.github.neuralode.solver.step.Stepper;
import io.github.neuralode.solver.step.StepperState;

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
 * passes its adjoint through unchanged). Outputs at many times are supported: the forward solve
 * records which outputs fell inside each step and at which fraction; the replay evaluates the
 * step's interpolant there with recording on and pulls their cotangents back with the step's.
 * The replay runs the solver's own {@link Stepper} ({@code init}, or {@code reinit} with the
 * discrete part the forward step started from, such as which method an automatic switch used;
 * then {@code step}), so it works for any method and shares the loop's step plumbing.
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
    private final OdeSolution solution;
    private long evaluations;

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
                                steps.add(
                                        new AcceptedStep(step.t(), step.h(), copy, step.hits(), step.startPart()));
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
            NDArray a = saveAt.isFinalOnly() ? g.get(0) : scope.zeros(flatShape, dataType);
            for (int k = steps.size() - 1; k >= 0; k--) {
                NDArray previous = a;
                a = stepBackward(solver.stepper(), steps.get(k), a, g, scope);
                previous.close();
            }
            NDArray y0Cotangent = saveAt.isFinalOnly() ? a : a.add(g.get(0));
            NDArray result = y0Cotangent.reshape(stateShape);
            result.attach(outputsCotangent.getManager());
            return result;
        }
    }

    /**
     * Pulls the adjoint {@code a = dL/dy(t + h)} back through one step: re-runs it through the
     * method with recording on, with the outputs inside it from the step's interpolant, and
     * returns {@code dL/dy(t)}; the step's parameter gradients accumulate in the parameters'
     * gradient arrays.
     */
    private <S extends StepperState> NDArray stepBackward(
            Stepper<S> stepper, AcceptedStep step, NDArray a, NDArray g, NDManager scope) {
        try (NDManager local = scope.newSubManager();
                Autograd.GradModeScope recording = Autograd.record()) {
            NDArray y = step.y().stopGradient();
            y.attach(local);
            y.setRequiresGradient(true);
            StepContext context =
                    new StepContext(
                            field,
                            stageTimes(local, step),
                            new StageCombiner(local, dataType, step.h().length),
                            new MethodCounters());
            @SuppressWarnings("unchecked") // recorded by the same stepper's solve
            S part = (S) step.startPart();
            S start = part == null ? stepper.init(context, y) : stepper.reinit(context, y, part);
            boolean dense = !step.hits().isEmpty();
            StepAttempt<S> attempt = stepper.step(context, y, start, step.h(), dense);
            if (dense) {
                NDList targets = new NDList(attempt.y1().reshape(-1));
                NDList cotangents = new NDList(a.reshape(-1));
                addOutputs(step, attempt.interpolant(), g, local, targets, cotangents);
                Autograd.backward(
                        NDArrays.concat(targets), NDArrays.concat(cotangents), false);
            } else {
                // NDArrays.concat of a single array returns a detached copy
                Autograd.backward(attempt.y1(), a, false);
            }
            NDArray next = y.getGradient();
            next.attach(scope);
            return next;
        }
    }

    /**
     * Adds the outputs inside a step (recomputed on the tape through the interpolant, at the
     * fractions the forward solve used) and their cotangents, both flattened.
     */
    private void addOutputs(
            AcceptedStep step,
            Interpolant interpolant,
            NDArray g,
            NDManager local,
            NDList targets,
            NDList cotangents) {
        List<OutputHit> hits = step.hits();
        if (step.h().length == 1) {
            double[] thetas = new double[hits.size()];
            NDList slices = new NDList();
            for (int i = 0; i < thetas.length; i++) {
                thetas[i] = hits.get(i).theta();
                slices.add(g.get(hits.get(i).output()));
            }
            targets.add(interpolant.atFractions(thetas).reshape(-1));
            cotangents.add(NDArrays.stack(slices, -1).reshape(-1));
            return;
        }
        int rounds = hits.stream().mapToInt(OutputHit::round).max().orElse(-1) + 1;
        int batch = (int) flatShape.get(0);
        for (int round = 0; round < rounds; round++) {
            double[] thetas = new double[batch];
            NDArray cotangent = local.zeros(flatShape, dataType);
            for (OutputHit hit : hits) {
                if (hit.round() != round) {
                    continue;
                }
                thetas[hit.group()] = hit.theta();
                boolean[] row = new boolean[batch];
                row[hit.group()] = true;
                NDArray mask = ConstantArrays.rowMask(local, row, flatShape.get(1));
                cotangent = NDArrays.where(mask, g.get(hit.output()), cotangent);
            }
            targets.add(interpolant.atGroupFractions(thetas).reshape(-1));
            cotangents.add(cotangent.reshape(-1));
        }
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
