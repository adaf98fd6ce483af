package io.github.neuralode.solver.tableau;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The real stability boundaries against known values: 2 for Euler, Midpoint and Heun (their
 * stability polynomials {@code 1 + z} and {@code 1 + z + z^2/2}); RK4 2.785293563405282 (the root
 * of {@code |1 + z + z^2/2 + z^3/6 + z^4/24| = 1}); the tabulated stability sizes of OrdinaryDiffEq.jl
 * for BS3 (2.5127453266183286), Dopri5 (3.3066) and Tsit5 (3.5068).
 */
class RealStabilityTest {

    @Test
    void boundariesMatchTheKnownValues() {
        assertEquals(2.0, Tableaus.EULER.realStabilityBoundary(), 1e-9);
        assertEquals(2.0, Tableaus.MIDPOINT.realStabilityBoundary(), 1e-9);
        assertEquals(2.0, Tableaus.HEUN.realStabilityBoundary(), 1e-9);
        assertEquals(2.785293563405282, Tableaus.RK4.realStabilityBoundary(), 1e-9);
        assertEquals(2.5127453266183286, Tableaus.BOSH3.realStabilityBoundary(), 1e-9);
        assertEquals(3.3066, Tableaus.DOPRI5.realStabilityBoundary(), 1e-4);
        assertEquals(3.5068, Tableaus.TSIT5.realStabilityBoundary(), 1e-4);
    }
}
