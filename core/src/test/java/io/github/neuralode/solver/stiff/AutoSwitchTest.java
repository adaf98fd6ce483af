package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolveException;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.step.MethodCounts;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/**
 * Automatic Tsit5/Rosenbrock23 switching on ROBER (to t = 40, reference from the Test Set for IVP
 * Solvers) and Van der Pol with mu = 1000 on [0, 1200] (through its fast transitions and back to
 * the slow manifold, per sample): it finishes within 5,000 steps, switches, matches the reference
 * (Rodas5P at rtol 1e-9 for Van der Pol), and costs a fraction of the evaluations Tsit5 alone
 * spends before running out of the same budget; Tsit5 alone fails with a message that calls the
 * problem stiff and names the stiff solvers.
 */
class AutoSwitchTest {

    private static final double[] ROBER_T40 = {0.7158270687, 9.185534765e-06, 0.2841637457};
    /** The step budget of every solve: Tsit5 alone runs out of it, the switch does not. */
    private static final int BUDGET = 5_000;

    @Test
    void roberSwitchesToRosenbrockAndBeatsTsit5() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem rober = StiffProblems.rober(manager, DataType.FLOAT64);
            NDArray y0 = StiffProblems.batchOf(manager, StiffProblems.ROBER_INITIAL, 1, DataType.FLOAT64);
            SaveAt span = SaveAt.finalState(0, 40);
            OdeSolution auto =
                    solver(AutoSwitch.tsit5Rosenbrock23(rober.jacobian()), StepMode.SHARED)
                            .solve(rober.field(), y0, span);
            double[] end = auto.finalState().toDoubleArray();
            MethodCounts counts = auto.stats().method();
            System.out.println("ROBER auto: " + auto.stats());
            for (int i = 0; i < 3; i++) {
                assertEquals(ROBER_T40[i], end[i], 1e-3 * ROBER_T40[i], "component " + i);
            }
            assertTrue(counts.switches() >= 1, "no switch: " + auto.stats());
            assertTrue(counts.stiffSteps() > 0 && counts.nonStiffSteps() > 0, auto.stats().toString());
            OdeSolveException explicitOnly =
                    assertThrows(
                            OdeSolveException.class,
                            () -> solver(null, StepMode.SHARED).solve(rober.field(), y0, span));
            long tsit5Evaluations = explicitOnly.getSolution().stats().functionEvaluations();
            System.out.println("ROBER Tsit5 alone: " + explicitOnly.getSolution().stats());
            assertTrue(explicitOnly.getMessage().contains("looks stiff"), explicitOnly.getMessage());
            assertTrue(explicitOnly.getMessage().contains("RODAS5P"), explicitOnly.getMessage());
            assertTrue(
                    auto.stats().functionEvaluations() * 5 < tsit5Evaluations,
                    auto.stats().functionEvaluations() + " vs " + tsit5Evaluations);
        }
    }

    @Test
    void vanDerPolSwitchesBothWaysPerSample() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem stiffOscillator = StiffProblems.vanDerPol(manager, DataType.FLOAT64, 1000);
            NDArray y0 = manager.create(new double[][] {{2.0, 0.0}, {-1.5, 0.5}});
            SaveAt span = SaveAt.finalState(0, 1200);
            OdeSolution auto =
                    solver(AutoSwitch.tsit5Rosenbrock23(stiffOscillator.jacobian()), StepMode.PER_SAMPLE)
                            .solve(stiffOscillator.field(), y0, span);
            OdeSolution reference =
                    OdeSolver.builder()
                            .optMethod(Rosenbrock.of(RosenbrockTableaus.RODAS5P, stiffOscillator.jacobian()))
                            .optStepSizeController(PidController.of(1e-9, 1e-9))
                            .optStepMode(StepMode.PER_SAMPLE)
                            .optMaxSteps(BUDGET)
                            .build()
                            .solve(stiffOscillator.field(), y0, span);
            System.out.println("VdP auto: " + auto.stats());
            double[] end = auto.finalState().toDoubleArray();
            double[] expected = reference.finalState().toDoubleArray();
            for (int i = 0; i < end.length; i++) {
                assertEquals(expected[i], end[i], 1e-2 * Math.max(1, Math.abs(expected[i])), "entry " + i);
            }
            assertTrue(auto.stats().method().switches() >= 2, "VdP should go in and out of stiffness: " + auto.stats());
            OdeSolveException explicitOnly =
                    assertThrows(
                            OdeSolveException.class,
                            () -> solver(null, StepMode.PER_SAMPLE).solve(stiffOscillator.field(), y0, span));
            System.out.println("VdP Tsit5 alone: " + explicitOnly.getSolution().stats());
            assertTrue(explicitOnly.getMessage().contains("looks stiff"), explicitOnly.getMessage());
            assertEquals(
                    1,
                    explicitOnly.getMessage().split("Fix:", -1).length - 1,
                    "one fix, the diagnosis's: " + explicitOnly.getMessage());
            assertTrue(
                    auto.stats().functionEvaluations()
                            < explicitOnly.getSolution().stats().functionEvaluations(),
                    "the switch finished with fewer evaluations than Tsit5 spent failing");
        }
    }

    private static OdeSolver solver(AutoSwitch method, StepMode mode) {
        OdeSolver.Builder builder =
                OdeSolver.builder()
                        .optStepSizeController(PidController.of(1e-6, 1e-8))
                        .optStepMode(mode)
                        .optMaxSteps(BUDGET);
        return method == null ? builder.optMethod(Tableaus.TSIT5).build() : builder.optMethod(method).build();
    }
}
