package io.github.neuralode.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.TestProblems;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;

/** Dense output between steps converges at the solver's order (Hermite-limited methods at 4). */
class DenseOutputTest {

    private static final double T_END = 1.0;

    @Test
    void denseOutputBetweenStepsConvergesAtTheSolversOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StringBuilder report = new StringBuilder();
            ButcherTableau[] methods = {Tableaus.DOPRI5, Tableaus.RK4, Tableaus.BOSH3, Tableaus.TSIT5};
            for (ButcherTableau tableau : methods) {
                int expected = Math.min(tableau.order(), tableau.denseOrder() + 1);
                for (TestProblems problem : TestProblems.values()) {
                    int steps = tableau.order() >= 5 ? 20 : 16;
                    double coarse = midStepError(manager, tableau, problem, steps);
                    double fine = midStepError(manager, tableau, problem, 2 * steps);
                    double observed = Math.log(coarse / fine) / Math.log(2);
                    report.append(String.format("%s %s: dense order %.3f%n", tableau.shortName(), problem, observed));
                    assertEquals(expected, observed, 0.3, report.toString());
                }
            }
            System.out.print(report);
        }
    }

    @Test
    void adaptiveDenseOutputMatchesAnalyticSolutionWithinTolerance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] times = new double[62];
            for (int i = 0; i < times.length; i++) {
                times[i] = 0.1 * i;
            }
            OdeSolver solver = OdeSolver.builder().optStepSizeController(PidController.of(1e-6, 1e-8)).build();
            TestProblems problem = TestProblems.OSCILLATOR;
            OdeSolution solution = solver.solve(problem.field(manager), problem.initialState(manager), SaveAt.times(times));
            assertEquals(62, solution.outputs().getShape().get(0));
            assertTrue(solution.stats().acceptedSteps() < 61, "outputs must come from dense output, not extra steps");
            for (int i = 0; i < times.length; i++) {
                double error = problem.error(solution.outputs().get(i), times[i]);
                assertTrue(error < 2e-5, "t=" + times[i] + " error " + error);
            }
        }
    }

    @Test
    void outputTimesOnAccumulatedFixedStepEndsAreNotSkipped() {
        // Steps of 0.05 accumulate rounding: 12 steps end at 0.6000000000000001, not at 0.6.
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] times = new double[16];
            for (int i = 0; i < times.length; i++) {
                times[i] = 3.0 * i / 15;
            }
            TestProblems problem = TestProblems.DECAY;
            for (double dt : new double[] {0.05, 0.1}) {
                OdeSolver solver = OdeSolver.builder().optMethod(Tableaus.RK4).optStepSizeController(new ConstantStepSize(dt)).build();
                OdeSolution solution = solver.solve(problem.field(manager), problem.initialState(manager), SaveAt.times(times));
                for (int i = 0; i < times.length; i++) {
                    double error = problem.error(solution.outputs().get(i), times[i]);
                    assertTrue(error < 1e-5, "dt=" + dt + " t=" + times[i] + " error " + error);
                }
            }
        }
    }

    /** Max error at the midpoints of a fixed-step solve on [0, T_END], read from dense output. */
    private static double midStepError(NDManager manager, ButcherTableau tableau, TestProblems problem, int steps) {
        double h = T_END / steps;
        double[] times = new double[steps + 1];
        for (int i = 1; i <= steps; i++) {
            times[i] = (i - 0.5) * h;
        }
        times[0] = 0.0;
        OdeSolver solver = OdeSolver.builder().optMethod(tableau).optStepSizeController(new ConstantStepSize(h)).build();
        OdeSolution solution = solver.solve(problem.field(manager), problem.initialState(manager), SaveAt.times(times));
        NDArray outputs = solution.outputs();
        double max = 0;
        for (int i = 1; i <= steps; i++) {
            max = Math.max(max, problem.error(outputs.get(i), times[i]));
        }
        return max;
    }
}
