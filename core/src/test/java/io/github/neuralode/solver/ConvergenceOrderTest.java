package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.TestProblems;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/** Observed orders of convergence of every tableau with constant steps, float64. */
class ConvergenceOrderTest {

    private static final double T_END = 1.0;

    @Test
    void everyTableauConvergesAtItsNominalOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StringBuilder report = new StringBuilder();
            for (ButcherTableau tableau : Tableaus.all()) {
                for (TestProblems problem : TestProblems.values()) {
                    // Step counts where the error is far above round-off for every order.
                    int coarse = tableau.order() >= 5 ? 40 : tableau.order() == 4 ? 16 : 40;
                    double errorCoarse = finalError(manager, tableau, problem, coarse);
                    double errorFine = finalError(manager, tableau, problem, 2 * coarse);
                    double observed = Math.log(errorCoarse / errorFine) / Math.log(2);
                    report.append(
                            String.format(
                                    "%s %s: observed order %.3f%n", tableau.shortName(), problem, observed));
                    assertEquals(
                            tableau.order(),
                            observed,
                            0.3,
                            tableau.shortName() + " on " + problem + ": " + report);
                }
            }
            System.out.print(report);
        }
    }

    private static double finalError(
            NDManager manager, ButcherTableau tableau, TestProblems problem, int steps) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(tableau)
                        .optStepSizeController(ConstantStepSize.ofSteps(0, T_END, steps))
                        .build();
        NDArray y0 = problem.initialState(manager);
        OdeSolution solution =
                solver.solve(problem.field(manager), y0, SaveAt.finalState(0, T_END));
        return problem.error(solution.finalState(), T_END);
    }
}
