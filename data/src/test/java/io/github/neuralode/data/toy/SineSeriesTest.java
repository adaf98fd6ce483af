package io.github.neuralode.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

/** The series y = sin(x) + x on its grid. */
class SineSeriesTest {

    @Test
    void defaultGridIsAHundredPointsFromMinusPiToPi() {
        LabelledPoints series = SineSeries.builder().build().sample();
        float[][] x = series.inputs();
        float[] y = series.targets();
        assertEquals(100, series.size());
        assertEquals(1, series.dimension());
        assertEquals((float) -Math.PI, x[0][0]);
        assertEquals((float) Math.PI, x[99][0]);
        for (int i = 0; i < 100; i++) {
            double xi = -Math.PI + i * 2 * Math.PI / 99;
            assertEquals(xi, x[i][0], 1e-6, "x " + i);
            assertEquals(Math.sin(xi) + xi, y[i], 1e-6, "y " + i);
        }
    }

    @Test
    void customRangeAndCountFollowTheFormula() {
        LabelledPoints series = SineSeries.builder().optRange(0, 10).optCount(11).build().sample();
        for (int i = 0; i <= 10; i++) {
            assertEquals(i, series.inputs()[i][0]);
            assertEquals(Math.sin(i) + i, series.targets()[i], 1e-6);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(new Shape(11, 1), series.inputs(manager).getShape());
            assertEquals(new Shape(11, 1), series.targets(manager).getShape());
        }
    }

    @Test
    void builderRejectsAnEmptyRangeAndASinglePoint() {
        SineSeries.Builder emptyRange = SineSeries.builder().optRange(1, 1);
        assertThrows(IllegalArgumentException.class, emptyRange::build);
        SineSeries.Builder onePoint = SineSeries.builder().optCount(1);
        assertThrows(IllegalArgumentException.class, onePoint::build);
    }
}
