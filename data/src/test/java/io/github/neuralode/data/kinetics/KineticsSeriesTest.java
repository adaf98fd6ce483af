package io.github.neuralode.data.kinetics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The stiff experiments' training series against the Test Set's reference values (RADAU5 at
 * 1.1e-18, {@code shared/data/reference}) and the ROBER values listed beside them.
 */
class KineticsSeriesTest {

    @Test
    void roberSeriesHitsTheReferenceAtItsLastSampleAndConservesMass() {
        KineticsSeries series = KineticsSeries.rober();
        assertEquals(50, series.times().length);
        assertEquals(1e-5, series.times()[0], 1e-20);
        assertEquals(1e5, series.endTime());
        assertEquals(0.0, series.t0());
        double[] last = series.values()[49];
        double[] reference = Rober.reference(1e5);
        for (int i = 0; i < 3; i++) {
            assertEquals(reference[i], last[i], 2e-9 * Math.abs(reference[i]), "species " + i);
        }
        for (double[] row : series.values()) {
            assertEquals(1.0, row[0] + row[1] + row[2], 1e-12);
        }
        // y2's peak (3.65e-5 near t = 0.03) is its maximum; y1 starts at 1.
        double[] maxima = series.maxima();
        assertEquals(1.0, maxima[0], 1e-6);
        assertEquals(3.6e-5, maxima[1], 0.1e-5);
        assertEquals(reference[2], maxima[2], 1e-9);
    }

    @Test
    void polluSeriesHitsTheReferenceAtSixty() {
        KineticsSeries series = KineticsSeries.pollu();
        assertEquals(20, series.times().length);
        assertEquals(0.0, series.times()[0]);
        assertEquals(60.0, series.endTime(), 1e-12);
        assertArrayEquals(Pollu.initialState(), series.values()[0], 0.0);
        double[] last = series.values()[19];
        // Test Set, t = 60: y1, y2, y4, y8, y17
        assertEquals(0.5646255480022769e-01, last[0], 1e-9 * 0.0565);
        assertEquals(0.1342484130422339e+00, last[1], 1e-9 * 0.134);
        assertEquals(0.5523140207484359e-02, last[3], 1e-9 * 0.0055);
        assertEquals(0.3245075353396018e+00, last[7], 1e-9 * 0.32);
        assertEquals(0.6899219696263405e-02, last[16], 1e-9 * 0.0069);
        double[] ranges = series.ranges();
        // y17 only decays from 0.007; y16 stays near zero.
        assertEquals(0.007 - last[16], ranges[16], 1e-15);
        assertEquals(0.0, series.values()[0][15]);
    }
}
