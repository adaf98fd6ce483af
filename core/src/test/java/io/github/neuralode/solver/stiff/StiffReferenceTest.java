package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rosenbrock methods through the solve loop against the Test Set for IVP Solvers' reference
 * solutions of ROBER and POLLU ({@code shared/data/reference}).
 */
class StiffReferenceTest {

    private static final double[] ROBER_T40 = {0.7158270687, 9.185534765e-06, 0.2841637457};
    private static final double[] ROBER_T1E11 = {
        0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050
    };

    @Test
    void rodas5pAndRosenbrock23MatchRoberAtT40AndT1e11() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem rober = StiffProblems.rober(manager, DataType.FLOAT64);
            NDArray y0 = StiffProblems.batchOf(manager, StiffProblems.ROBER_INITIAL, 1, DataType.FLOAT64);
            for (Object[] run :
                    new Object[][] {
                        {RosenbrockTableaus.RODAS5P, 1e-8, 1e-5},
                        {RosenbrockTableaus.ROSENBROCK23, 1e-6, 1e-3}
                    }) {
                RosenbrockTableau tableau = (RosenbrockTableau) run[0];
                double rtol = (double) run[1];
                double allowed = (double) run[2];
                OdeSolution solution =
                        OdeSolver.builder()
                                .optMethod(Rosenbrock.of(tableau, rober.jacobian()))
                                .optStepSizeController(PidController.of(rtol, 1e-14))
                                .optMaxSteps(100_000)
                                .build()
                                .solve(rober.field(), y0, SaveAt.times(0, 40, 1e11));
                double[] at40 = solution.outputs().get(1).toDoubleArray();
                double[] atEnd = solution.outputs().get(2).toDoubleArray();
                System.out.printf("%s rtol %.0e: t=40 %s, t=1e11 %s, %s%n", tableau.shortName(), rtol,
                        java.util.Arrays.toString(at40), java.util.Arrays.toString(atEnd), solution.stats());
                assertClose(ROBER_T40, at40, allowed, 1e-14, tableau.shortName() + " t=40");
                assertClose(ROBER_T1E11, atEnd, allowed, 1e-14, tableau.shortName() + " t=1e11");
                assertEquals(1.0, atEnd[0] + atEnd[1] + atEnd[2], 1e-10, "mass");
            }
        }
    }

    @Test
    void rodas5pMatchesPolluAtT60() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../../shared/data/reference/pollu_t60.csv"));
        double[] reference = new double[20];
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            reference[Integer.parseInt(cells[0].trim()) - 1] = Double.parseDouble(cells[1].trim());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem pollu = StiffProblems.pollu(manager, DataType.FLOAT64);
            NDArray y0 = StiffProblems.batchOf(manager, StiffProblems.POLLU_INITIAL, 1, DataType.FLOAT64);
            OdeSolution solution =
                    OdeSolver.builder()
                            .optMethod(Rosenbrock.of(RosenbrockTableaus.RODAS5P, pollu.jacobian()))
                            .optStepSizeController(PidController.of(1e-8, 1e-14))
                            .build()
                            .solve(pollu.field(), y0, SaveAt.finalState(0, 60));
            double[] end = solution.finalState().toDoubleArray();
            System.out.println("POLLU " + solution.stats());
            assertClose(reference, end, 1e-4, 1e-12, "POLLU t=60");
        }
    }

    private static void assertClose(
            double[] expected, double[] actual, double relative, double floor, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i]) > floor) {
                double error = Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]);
                assertTrue(error < relative, what + " component " + i + ": " + actual[i] + " vs " + expected[i] + " (" + error + ")");
            }
        }
    }
}
