package io.github.neuralode.solver.rk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.step.MethodCounters;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StepAttempt;
import io.github.neuralode.solver.step.StepContext;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/**
 * On the linear test equation {@code y' = -lambda y} every stage difference is {@code -lambda}
 * times the stage-input difference, so the stiffness indicator equals {@code h lambda} (to 1e-9
 * relative, the round-off of the stage differences), per sample; methods without two stages at
 * one node report nothing.
 */
class StiffnessIndicatorTest {

    @Test
    void indicatorIsHTimesLambdaOnTheLinearTestEquation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray lambda = manager.create(new double[][] {{50.0}, {2.0}});
            VectorField linear = VectorField.autonomous(y -> y.mul(lambda).neg());
            NDArray y = manager.create(new double[][] {{1.0}, {-3.0}});
            double h = 0.01;
            for (ButcherTableau tableau :
                    new ButcherTableau[] {Tableaus.DOPRI5, Tableaus.TSIT5, Tableaus.RK4, Tableaus.HEUN}) {
                double[] indicator = attempt(manager, tableau, linear, y, h);
                assertEquals(h * 50.0, indicator[0], 1e-9 * h * 50.0, tableau.shortName());
                assertEquals(h * 2.0, indicator[1], 1e-9 * h * 2.0, tableau.shortName());
            }
            ExplicitRungeKutta euler = ExplicitRungeKutta.prepare(Tableaus.EULER);
            StepContext context = context(manager, linear);
            StepAttempt<RkState> step =
                    euler.step(context, y, euler.init(context, y), new double[] {h}, true);
            assertTrue(euler.stiffnessIndicator(step).isEmpty(), "Euler has no two stages at one node");
        }
    }

    private static double[] attempt(
            NDManager manager, ButcherTableau tableau, VectorField field, NDArray y, double h) {
        ExplicitRungeKutta stepper = ExplicitRungeKutta.prepare(tableau);
        StepContext context = context(manager, field);
        StepAttempt<RkState> step = stepper.step(context, y, stepper.init(context, y), new double[] {h}, true);
        return stepper.stiffnessIndicator(step).orElseThrow();
    }

    private static StepContext context(NDManager manager, VectorField field) {
        NDArray t = manager.create(0.0);
        return new StepContext(
                field, c -> t, new StageCombiner(manager, DataType.FLOAT64, 1), new MethodCounters());
    }
}
