package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

/** The shipped Rosenbrock tableaux pass their checks; broken ones are rejected by name. */
class RosenbrockTableauTest {

    private static final double D = 1.0 / (2.0 + Math.sqrt(2.0));

    @Test
    void shippedTableausHaveTheirPublishedShape() {
        RosenbrockTableau ros23 = RosenbrockTableaus.ROSENBROCK23;
        assertEquals(2, ros23.order());
        assertEquals(3, ros23.embeddedOrder());
        assertEquals(2, ros23.denseOrder());
        assertEquals(3, ros23.stages());
        assertEquals(0.2928932188134524, ros23.gamma(), 1e-16);
        assertTrue(ros23.isFsal(), "ode23s evaluates f(t + h, y1) as its third stage");

        RosenbrockTableau rodas5p = RosenbrockTableaus.RODAS5P;
        assertEquals(5, rodas5p.order());
        assertEquals(4, rodas5p.embeddedOrder());
        assertEquals(4, rodas5p.denseOrder());
        assertEquals(8, rodas5p.stages());
        assertEquals(0.21193756319429014, rodas5p.gamma(), 0.0);
        assertFalse(rodas5p.isFsal());
        // Stiffly accurate: the error estimate is the last stage alone.
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 1}, rodas5p.errorWeights(), 0.0);
        assertArrayEquals(rodas5p.weights(), rodas5p.denseWeights(1.0), 1e-12);
        assertArrayEquals(new double[8], rodas5p.denseWeights(0.0), 0.0);
    }

    @Test
    void aCorrectRebuildIsAccepted() {
        rosenbrock23(builder -> {}).build();
        rodas5p(new double[0][], new double[0][]).build();
    }

    @Test
    void wrongWeightsFailTheFirstOrderCondition() {
        double[] weights = {1 / D + 1e-6, 1 / D, 0};
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rosenbrock23(b -> b.setMethod(2, D, a23(), c23(), weights)).build());
        assertTrue(error.getMessage().contains("weights order 1"), error.getMessage());
    }

    @Test
    void aPerturbedCouplingCoefficientOfRodas5pFailsItsTimeDerivativeWeight() {
        double[][] c = new double[8][];
        for (int i = 0; i < 8; i++) {
            c[i] = RosenbrockTableaus.RODAS5P.c(i);
        }
        c[3][0] += 1e-3;
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> rodas5p(null, c).build());
        assertTrue(error.getMessage().contains("gammaSum_3"), error.getMessage());
    }

    @Test
    void aPerturbedStageInputOfRodas5pFailsANodeCheck() {
        double[][] a = new double[8][];
        for (int i = 0; i < 8; i++) {
            a[i] = RosenbrockTableaus.RODAS5P.a(i);
        }
        a[2][1] += 1e-6;
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> rodas5p(a, null).build());
        assertTrue(error.getMessage().contains("node alpha_2"), error.getMessage());
    }

    @Test
    void theTimeDerivativeWeightOfOrdinaryDiffEqsRosenbrock23IsRejected() {
        // OrdinaryDiffEq.jl adds h T (not h d T) in k3: gammaSum_2 = 1 - 2d instead of -d.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rosenbrock23(b -> b.setNodes(
                        new double[] {0, 0.5, 1}, new double[] {D, 0, 1 - 2 * D})).build());
        assertTrue(error.getMessage().contains("gammaSum_2"), error.getMessage());
    }

    @Test
    void aSolutionBelowItsDeclaredOrderIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rosenbrock23(b -> b.setMethod(3, D, a23(), c23(),
                        new double[] {1 / D, 1 / D, 0})).build());
        assertTrue(error.getMessage().contains("weights order 3"), error.getMessage());
    }

    @Test
    void anEmbeddedSolutionBelowItsDeclaredOrderIsRejected() {
        // The order-2 solution declared as order 3 fails sum b_i alpha_i^2 = 1/3.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rosenbrock23(b -> b.setEmbedded(3, new double[] {1 / D, 1 / D, 0})).build());
        assertTrue(error.getMessage().contains("embedded weights order 3"), error.getMessage());
    }

    @Test
    void aDenseOutputThatMissesTheSolutionIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rosenbrock23(b -> b.setDenseOutput(
                        2, new double[][] {{1 / D, 0}, {1 / D, 0.1}, {0, 0}})).build());
        assertTrue(error.getMessage().contains("dense output"), error.getMessage());
    }

    @Test
    void malformedRowsAreRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rosenbrock23(b -> b.setMethod(
                        2, D, new double[][] {{}, {1 / (2 * D)}, {1 / D}}, c23(),
                        new double[] {1 / D, 1 / D, 0})).build());
        assertTrue(error.getMessage().contains("strictly lower triangular"), error.getMessage());
    }

    private static double[][] a23() {
        return new double[][] {{}, {1 / (2 * D)}, {1 / D, 1 / D}};
    }

    private static double[][] c23() {
        double e32 = 6 + Math.sqrt(2.0);
        return new double[][] {{}, {-1 / D}, {-2 / D, -e32 / D}};
    }

    /** Rosenbrock23's coefficients as in RosenbrockTableaus, with one part replaced. */
    private static RosenbrockTableau.Builder rosenbrock23(
            Consumer<RosenbrockTableau.Builder> change) {
        double e32 = 6 + Math.sqrt(2.0);
        RosenbrockTableau.Builder builder = RosenbrockTableau.builder("test 23", "test23")
                .setMethod(2, D, a23(), c23(), new double[] {1 / D, 1 / D, 0})
                .setNodes(new double[] {0, 0.5, 1}, new double[] {D, 0, -D})
                .setEmbedded(3, new double[] {7 / (6 * D), (4 + e32) / (6 * D), 1 / (6 * D)})
                .setDenseOutput(2, new double[][] {
                    {1 / D, 0}, {-2 / (1 - 2 * D), 1 / ((1 - 2 * D) * D)}, {0, 0}});
        change.accept(builder);
        return builder;
    }

    /**
     * Rodas5P's coefficients read back from the constant, with {@code a} or {@code c} replaced
     * when given, and the linear dense output {@code w_i = theta m_i} (which ends at y1).
     */
    private static RosenbrockTableau.Builder rodas5p(double[][] a, double[][] c) {
        RosenbrockTableau source = RosenbrockTableaus.RODAS5P;
        int s = source.stages();
        double[][] rowsA = new double[s][];
        double[][] rowsC = new double[s][];
        double[][] linear = new double[s][];
        double[] m = source.weights();
        double[] e = source.errorWeights();
        double[] mHat = new double[s];
        for (int i = 0; i < s; i++) {
            rowsA[i] = a != null && a.length > 0 ? a[i] : source.a(i);
            rowsC[i] = c != null && c.length > 0 ? c[i] : source.c(i);
            linear[i] = new double[] {m[i]};
            mHat[i] = m[i] - e[i];
        }
        return RosenbrockTableau.builder("test rodas5p", "testrodas5p")
                .setMethod(source.order(), source.gamma(), rowsA, rowsC, m)
                .setNodes(source.alpha(), source.gammaSum())
                .setEmbedded(source.embeddedOrder(), mHat)
                .setDenseOutput(1, linear);
    }
}
