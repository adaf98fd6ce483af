package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.Test;

/**
 * Observed orders of repeated constant steps on Prothero-Robinson, {@code y' = L (y - sin t) +
 * cos t}, {@code y(0) = 0} on [0, 1] (exact solution {@code sin t}), float64, analytic Jacobian,
 * 10 and 20 steps: {@code log2(error(10) / error(20))}.
 *
 * <p>With {@code L = -1e4} every step has {@code h |L| >= 500}: the stiff regime, where Rosenbrock
 * methods can lose order. Rosenbrock23 keeps its order 2 there. Rodas5P drops to order 3 (measured
 * 3.05 here, 3.15 and 3.32 at 20/40 and 40/80 steps, and its error scales like {@code h^3 / |L|}:
 * about 100 times smaller at {@code L = -1e6}); it reaches its nominal order 5 where the problem
 * is not stiff ({@code L = -1}: 5.04). Both settings are asserted, each within 0.3.
 */
class ProtheroRobinsonConvergenceTest {

    @Test
    void rosenbrock23KeepsOrderTwoOnStiffProtheroRobinson() {
        double observed = observedOrder(RosenbrockTableaus.ROSENBROCK23, -1e4);
        assertEquals(2.0, observed, 0.3, "rosenbrock23, L = -1e4");
    }

    @Test
    void rodas5pReachesOrderFiveWhereProtheroRobinsonIsNotStiff() {
        double observed = observedOrder(RosenbrockTableaus.RODAS5P, -1.0);
        assertEquals(5.0, observed, 0.3, "rodas5p, L = -1");
    }

    @Test
    void rodas5pIsReducedToOrderThreeOnStiffProtheroRobinson() {
        double observed = observedOrder(RosenbrockTableaus.RODAS5P, -1e4);
        assertEquals(3.0, observed, 0.3, "rodas5p, L = -1e4");
        double error = finalError(RosenbrockTableaus.RODAS5P, -1e4, 10);
        assertTrue(error < 1e-9, "10 steps of rodas5p at L = -1e4: error " + error);
    }

    private static double observedOrder(RosenbrockTableau tableau, double stiffness) {
        double coarse = finalError(tableau, stiffness, 10);
        double fine = finalError(tableau, stiffness, 20);
        double observed = Math.log(coarse / fine) / Math.log(2);
        System.out.printf("%s, L = %g: errors %.3e, %.3e, observed order %.3f%n",
                tableau.shortName(), stiffness, coarse, fine, observed);
        return observed;
    }

    private static double finalError(RosenbrockTableau tableau, double stiffness, int steps) {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem problem =
                    StiffProblems.protheroRobinson(manager, DataType.FLOAT64, stiffness);
            NDArray y0 = StiffProblems.batchOf(manager, new double[] {0.0}, 1, DataType.FLOAT64);
            NDArray y1 = RosenbrockRuns.integrate(
                    tableau, problem.jacobian(), problem.field(), y0, 1.0, steps);
            return Math.abs(y1.getDouble(0, 0) - Math.sin(1.0));
        }
    }
}
