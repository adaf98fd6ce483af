package io.github.neuralode.experiments.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.data.kinetics.MassActionField;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.SolveStats;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stiff.AnalyticJacobian;
import io.github.neuralode.solver.stiff.AutogradJacobian;
import io.github.neuralode.solver.stiff.JacobianMethod;
import io.github.neuralode.solver.stiff.Rosenbrock;
import io.github.neuralode.solver.stiff.RosenbrockTableau;

import java.util.List;
import java.util.Locale;

/**
 * One timed solve of {@code bench-stiff}: a {@link StiffProblem}'s field in float64, a batch of
 * initial states, a Rosenbrock method with analytic or autograd Jacobians, rtol 1e-6 and atol
 * 1e-10, in a step mode, from 0 to the problem's end time with recording paused.
 */
final class StiffSolve implements AutoCloseable {

    /** The relative tolerance of every solve. */
    static final double RTOL = 1e-6;

    /** The absolute tolerance of every solve. */
    static final double ATOL = 1e-10;

    /** How the Jacobian is obtained. */
    enum JacobianSource {
        /** {@link MassActionField#jacobian()} through {@link AnalyticJacobian}. */
        ANALYTIC,
        /** Reverse-mode autograd through the field ({@link AutogradJacobian}). */
        AUTOGRAD;

        JacobianMethod method(MassActionField field) {
            return this == ANALYTIC
                    ? AnalyticJacobian.autonomous(field.jacobian())
                    : new AutogradJacobian(List.of());
        }

        /** The key fragment: {@code analytic} or {@code autograd}. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one solve reports.
     *
     * @param stats the solver's counters
     * @param finalState the first sample's state at the end time
     */
    record Outcome(SolveStats stats, double[] finalState) {}

    private final NDManager manager;
    private final MassActionField field;
    private final NDArray y0;
    private final OdeSolver solver;
    private final SaveAt saveAt;

    /**
     * Prepares the solve.
     *
     * @param problem the problem
     * @param states the initial states, one row per sample
     * @param tableau the Rosenbrock method
     * @param jacobian how the Jacobian is obtained
     * @param mode SHARED or PER_SAMPLE steps
     * @param device the device that holds the field's constants and the states and solves
     */
    StiffSolve(
            StiffProblem problem,
            double[][] states,
            RosenbrockTableau tableau,
            JacobianSource jacobian,
            StepMode mode,
            Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.field = problem.network().field(manager, DataType.FLOAT64);
        this.y0 = problem.network().states(manager, states, DataType.FLOAT64);
        this.solver =
                OdeSolver.builder()
                        .optMethod(Rosenbrock.of(tableau, jacobian.method(field)))
                        .optStepSizeController(PidController.of(RTOL, ATOL))
                        .optStepMode(mode)
                        .optMaxSteps(100_000)
                        .build();
        this.saveAt = SaveAt.finalState(0, problem.endTime());
    }

    /**
     * Solves once, in a scope closed afterwards.
     *
     * @return the counters and the first sample's final state
     */
    Outcome run() {
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray start = y0.duplicate();
            start.attach(scope);
            OdeSolution solution = solver.solve(field, start, saveAt);
            return new Outcome(solution.stats(), solution.finalState().get(0).toDoubleArray());
        }
    }

    /** Frees the field's constants and the initial states. */
    @Override
    public void close() {
        manager.close();
    }
}
