package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.TimeArrays;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StageTimes;

/**
 * Drives {@link RosenbrockAttempt} the way a stepper will: Jacobian at the start of the step,
 * {@code W} factored for the step, {@code f(t, y)} evaluated, one attempt.
 */
final class RosenbrockRuns {

    private RosenbrockRuns() {}

    /**
     * Attempts one step per step group.
     *
     * @param manager owns the constants and results
     * @param tableau the method
     * @param jacobians how the Jacobian is obtained
     * @param field the vector field
     * @param y the state {@code (batch, n)}
     * @param t the start time of every group
     * @param h the step of every group
     * @param mode SHARED (one group) or PER_SAMPLE (one group per sample)
     * @return the step
     */
    static RosenbrockStep attempt(
            NDManager manager,
            RosenbrockTableau tableau,
            JacobianMethod jacobians,
            VectorField field,
            NDArray y,
            double[] t,
            double[] h,
            StepMode mode) {
        DataType dataType = y.getDataType();
        StageTimes times =
                c -> TimeArrays.create(manager, TimeArrays.stage(t, h, c), mode, dataType);
        NDArray start = times.at(0.0);
        FieldJacobian jacobian = jacobians.evaluate(field, start, y);
        LinearSolver solver = LinearSolver.factor(jacobian.matrix(), tableau.gamma(), h, manager);
        StageCombiner combiner = new StageCombiner(manager, dataType, h.length);
        return RosenbrockAttempt.prepare(tableau).step(
                field,
                times,
                y,
                field.evaluate(start, y),
                h,
                solver,
                jacobian.timeDerivative(),
                combiner);
    }

    /**
     * Integrates with constant steps and a shared clock, one sub-manager per step.
     *
     * @param tableau the method
     * @param jacobians how the Jacobian is obtained
     * @param field the vector field
     * @param y0 the initial state {@code (batch, n)}
     * @param tEnd the final time (the start is 0)
     * @param steps the number of steps
     * @return the state at {@code tEnd}, owned by {@code y0}'s manager
     */
    static NDArray integrate(
            RosenbrockTableau tableau,
            JacobianMethod jacobians,
            VectorField field,
            NDArray y0,
            double tEnd,
            int steps) {
        NDManager manager = y0.getManager();
        double h = tEnd / steps;
        NDArray y = y0;
        for (int k = 0; k < steps; k++) {
            try (NDManager scope = manager.newSubManager()) {
                y.tempAttach(scope);
                NDArray next = attempt(scope, tableau, jacobians, field, y,
                        new double[] {k * h}, new double[] {h}, StepMode.SHARED).y1();
                next.attach(manager);
                y = next;
            }
        }
        return y;
    }
}
