package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import io.github.neuralode.TestProblems;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/** Adaptive solves reach the requested accuracy, and tighter tolerances give smaller errors. */
class AdaptiveAccuracyTest {

    private static final double T_END = 5.0;
    /** Global error may exceed the local tolerance by a modest factor (error accumulates). */
    private static final double ALLOWED_FACTOR = 20.0;

    /**
     * Errors may cancel by luck at one tolerance, so the trend is checked: every two decades of
     * rtol cut the error, and the log-log slope of error against rtol is close to 1.
     */
    private static void assertErrorShrinksWithRtol(java.util.List<Double> errors, StringBuilder report) {
        for (int i = 2; i < errors.size(); i++) {
            assertTrue(errors.get(i) < errors.get(i - 2), "error did not shrink with rtol: " + report);
        }
        double slope = Math.log10(errors.get(0) / errors.get(errors.size() - 1)) / (errors.size() - 1);
        assertTrue(slope > 0.75 && slope < 1.3, "log-log slope " + slope + ": " + report);
    }

    @Test
    void adaptiveSolvesReachRequestedAccuracyAndErrorShrinksWithRtol() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StringBuilder report = new StringBuilder();
            for (ButcherTableau tableau : new ButcherTableau[] {Tableaus.DOPRI5, Tableaus.TSIT5, Tableaus.BOSH3}) {
                for (TestProblems problem : TestProblems.values()) {
                    java.util.List<Double> errors = new java.util.ArrayList<>();
                    // Bosh3 is third order: tolerances below 1e-8 would need ~10^5 steps.
                    int smallest = tableau == Tableaus.BOSH3 ? 8 : 10;
                    for (int exponent = 3; exponent <= smallest; exponent++) {
                        double rtol = Math.pow(10, -exponent);
                        OdeSolver solver =
                                OdeSolver.builder()
                                        .optMethod(tableau)
                                        .optStepSizeController(PidController.of(rtol, rtol))
                                        .optMaxSteps(100_000)
                                        .build();
                        OdeSolution solution =
                                solver.solve(problem.field(manager), problem.initialState(manager), SaveAt.finalState(0, T_END));
                        double error = problem.error(solution.finalState(), T_END);
                        report.append(String.format("%s %s rtol=%.0e error=%.3e nfe=%d%n", tableau.shortName(), problem, rtol, error, solution.stats().functionEvaluations()));
                        assertTrue(error <= ALLOWED_FACTOR * rtol, "error above tolerance: " + report);
                        errors.add(error);
                    }
                    assertErrorShrinksWithRtol(errors, report);
                }
            }
            System.out.print(report);
        }
    }
}
