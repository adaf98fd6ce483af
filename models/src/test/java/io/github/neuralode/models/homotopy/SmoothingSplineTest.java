package io.github.neuralode.models.homotopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

/** The smoothing spline against SciPy, exact lines and the least-squares limit. */
class SmoothingSplineTest {

    private static final double[] X = {0.0, 0.4, 1.1, 1.5, 2.3, 3.0};
    private static final double[][] Y = {
        {1.0, -0.5}, {1.8, 0.2}, {1.3, 1.1}, {0.4, 0.9}, {-0.6, 1.7}, {0.1, 2.6}
    };
    private static final double[] OFF_KNOT = {0.25, 1.3, 2.9};

    @Test
    void zeroAlphaInterpolatesAndMatchesScipyNaturalCubicSpline() {
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 0);
        for (int i = 0; i < X.length; i++) {
            assertArrayEquals(Y[i], spline.fittedValues()[i], 1e-12);
            assertArrayEquals(Y[i], spline.valueAt(X[i]), 1e-12);
        }
        // CubicSpline(x, y, bc_type='natural')(p).tolist() with x, y = X, Y and
        // p = [0.25, 1.3, 2.9] (SciPy 1.17.1)
        double[][] scipy = {
            {1.5675938669681846, -0.0689713622894574},
            {0.8582121023081722, 1.0098106674984404},
            {-0.04677444078067933, 2.4801393815167994}
        };
        for (int j = 0; j < OFF_KNOT.length; j++) {
            assertArrayEquals(scipy[j], spline.valueAt(OFF_KNOT[j]), 1e-12);
        }
        assertArrayEquals(new double[] {0, 0}, spline.secondDerivatives()[0], 0);
        assertArrayEquals(new double[] {0, 0}, spline.secondDerivatives()[5], 0);
    }

    @Test
    void threeKnotsGiveOneInteriorCurvatureAndLinearEnds() {
        SmoothingSpline spline =
                SmoothingSpline.fit(new double[] {0, 1, 2}, new double[][] {{0}, {1}, {0}}, 0);
        // by hand: R = 2/3, Q^T y = -2, so gamma_1 = -3 and g'(0) = 1 + 3/6 = 1.5
        assertEquals(-3, spline.secondDerivatives()[1][0], 1e-12);
        // CubicSpline([0, 1, 2], [0, 1, 0], bc_type='natural')(0.5) = 0.6875
        assertEquals(0.6875, spline.valueAt(0.5)[0], 1e-12);
        // linear beyond t = 2 (slope -1.5); SciPy's cubic extrapolation would give -0.6875
        assertEquals(-0.75, spline.valueAt(2.5)[0], 1e-12);
    }

    @Test
    void straightLineIsReproducedForAnyAlpha() {
        double[][] line = new double[X.length][];
        for (int i = 0; i < X.length; i++) {
            line[i] = new double[] {2 - 3 * X[i], 0.5 * X[i]};
        }
        for (double alpha : new double[] {0, 0.1, 1e6}) {
            SmoothingSpline spline = SmoothingSpline.fit(X, line, alpha);
            for (double t : new double[] {-2, 0, 0.7, 1.5, 2.95, 4}) {
                assertArrayEquals(new double[] {2 - 3 * t, 0.5 * t}, spline.valueAt(t), 1e-9);
                assertArrayEquals(new double[] {-3, 0.5}, spline.derivativeAt(t), 1e-9);
            }
        }
    }

    @Test
    void hugeAlphaTendsToTheLeastSquaresLine() {
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 1e12);
        double meanX = 0;
        for (double x : X) {
            meanX += x / X.length;
        }
        for (int k = 0; k < 2; k++) {
            double meanY = 0;
            for (double[] row : Y) {
                meanY += row[k] / X.length;
            }
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < X.length; i++) {
                sxy += (X[i] - meanX) * (Y[i][k] - meanY);
                sxx += (X[i] - meanX) * (X[i] - meanX);
            }
            double slope = sxy / sxx;
            for (double t : new double[] {0, 1.3, 3, 5}) {
                double line = meanY + slope * (t - meanX);
                assertEquals(line, spline.valueAt(t)[k], 1e-6);
                assertEquals(slope, spline.derivativeAt(t)[k], 1e-6);
            }
        }
        // the hand formula checked once more: np.polyfit(x, y[:, k], 1) gives
        // [-0.6009852216748768, 1.4980295566502455] and [0.9411459683691991, -0.30191858957739154]
        assertEquals(-0.6009852216748768, spline.derivativeAt(1)[0], 1e-6);
        assertEquals(1.4980295566502455, spline.valueAt(0)[0], 1e-6);
        assertEquals(0.9411459683691991, spline.derivativeAt(1)[1], 1e-6);
        assertEquals(-0.30191858957739154, spline.valueAt(0)[1], 1e-6);
    }

    @Test
    void smallCaseMatchesScipyMakeSmoothingSpline() {
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 0.1);
        // SciPy 1.17.1, with x, y = X, Y and p = [0.25, 1.3, 2.9]:
        //   s = [make_smoothing_spline(x, y[:, k], lam=0.1) for k in range(2)]
        //   np.stack([sk(x) for sk in s], axis=1).tolist()      -> knotValues
        //   np.stack([sk(p) for sk in s], axis=1).tolist()      -> offKnot
        //   np.stack([sk(p, 1) for sk in s], axis=1).tolist()   -> slopes
        double[][] knotValues = {
            {1.3593580738714546, -0.38536249598001693},
            {1.3976906729370795, 0.11938824600519085},
            {1.0029952610703425, 0.8281079019412025},
            {0.5495960804096068, 1.1162973926981903},
            {-0.16022155414118863, 1.7826099222728353},
            {-0.14941853414729492, 2.5389590330625977}
        };
        double[][] offKnot = {
            {1.397914870038498, -0.06523613363845031},
            {0.7854329015180409, 0.9766225987234745},
            {-0.17091530544963474, 2.4260258827376386}
        };
        double[][] slopes = {
            {0.07936091927828737, 1.2566226360287702},
            {-1.1561616844599143, 0.704615970356894},
            {0.20665376188515527, 1.1272968043516691}
        };
        for (int i = 0; i < X.length; i++) {
            assertArrayEquals(knotValues[i], spline.fittedValues()[i], 1e-10);
            assertArrayEquals(knotValues[i], spline.valueAt(X[i]), 1e-10);
        }
        for (int j = 0; j < OFF_KNOT.length; j++) {
            assertArrayEquals(offKnot[j], spline.valueAt(OFF_KNOT[j]), 1e-10);
            assertArrayEquals(slopes[j], spline.derivativeAt(OFF_KNOT[j]), 1e-10);
        }
    }

    @Test
    void outsideTheKnotsTheSplineContinuesAsItsEndTangent() {
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 0.1);
        double[] startSlope = spline.derivativeAt(X[0]);
        double[] endSlope = spline.derivativeAt(X[5]);
        double[][] g = spline.fittedValues();
        for (int k = 0; k < 2; k++) {
            assertEquals(g[0][k] - 1.5 * startSlope[k], spline.valueAt(-1.5)[k], 1e-12);
            assertEquals(g[5][k] + 2 * endSlope[k], spline.valueAt(5)[k], 1e-12);
            assertEquals(startSlope[k], spline.derivativeAt(-1.5)[k], 1e-12);
            // the cubic's slope just inside the end equals the line's: no kink at t_{n-1}
            assertEquals(endSlope[k], spline.derivativeAt(3 - 1e-9)[k], 1e-8);
        }
    }

    @Test
    void evaluateOnArraysMatchesJavaAndDifferentiatesInTime() {
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 0.1);
        double[] times = {-0.7, 0, 0.25, 1.1, 1.3, 2.9, 3, 4.2};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (double time : times) {
                NDArray t = manager.create(time);
                NDArray value = spline.evaluate(t);
                assertEquals(new Shape(1, 2), value.getShape());
                assertEquals(DataType.FLOAT64, value.getDataType());
                assertArrayEquals(spline.valueAt(time), value.toDoubleArray(), 1e-12);
            }
            NDArray t = manager.create(times).reshape(times.length, 1);
            SplineArrays arrays = spline.toArrays(manager, DataType.FLOAT64);
            NDArray values = arrays.evaluate(t);
            assertEquals(new Shape(times.length, 2), values.getShape());
            double[] flat = values.toDoubleArray();
            for (int b = 0; b < times.length; b++) {
                double[] expected = spline.valueAt(times[b]);
                assertEquals(expected[0], flat[2 * b], 1e-12);
                assertEquals(expected[1], flat[2 * b + 1], 1e-12);
            }
            for (int k = 0; k < 2; k++) {
                double[] gradient = timeGradient(arrays, t, k);
                for (int b = 0; b < times.length; b++) {
                    assertEquals(spline.derivativeAt(times[b])[k], gradient[b], 1e-9);
                }
            }
            // a shared time takes the CPU paths: as a constant the value computed in Java (the same
            // Horner steps, so exactly equal), differentiably the piece found in Java, same slopes
            for (double time : times) {
                NDArray scalar = manager.create(time);
                assertArrayEquals(spline.valueAt(time), arrays.evaluateConstant(scalar).toDoubleArray(), 0.0);
                assertArrayEquals(spline.valueAt(time), arrays.evaluate(scalar).toDoubleArray(), 1e-12);
                for (int k = 0; k < 2; k++) {
                    assertEquals(spline.derivativeAt(time)[k], timeGradient(arrays, scalar, k)[0], 1e-9);
                }
            }
        }
    }

    @Test
    void evaluateKeepsFloat32() {
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 0.1);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray t = manager.create(new float[] {-1f, 1.3f, 3.5f}).reshape(3, 1);
            NDArray values = spline.evaluate(t);
            assertEquals(DataType.FLOAT32, values.getDataType());
            float[] flat = values.toFloatArray();
            assertEquals(spline.valueAt(1.3f)[0], flat[2], 1e-5);
            assertEquals(spline.valueAt(3.5f)[1], flat[5], 1e-5);
            NDArray shared = spline.toArrays(manager, DataType.FLOAT32).evaluateConstant(manager.create(1.3f));
            assertEquals(DataType.FLOAT32, shared.getDataType());
            assertEquals(spline.valueAt(1.3f)[0], shared.toFloatArray()[0], 1e-5);
        }
    }

    /** d/dt of component k of the spline at every time of t, by DJL autograd on a fresh leaf. */
    private static double[] timeGradient(SplineArrays arrays, NDArray t, int k) {
        NDArray leaf = t.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray component = arrays.evaluate(leaf).get(":, " + k);
            collector.backward(component.sum());
        }
        return leaf.getGradient().toDoubleArray();
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("knots", () -> SmoothingSpline.fit(new double[] {0, 1}, new double[2][1], 0));
        assertMessage(
                "knots[2]", () -> SmoothingSpline.fit(new double[] {0, 1, 1}, new double[3][1], 0));
        assertMessage(
                "values needs one row",
                () -> SmoothingSpline.fit(X, new double[5][1], 0));
        double[][] ragged = {{0}, {0}, {0, 1}, {0}, {0}, {0}};
        assertMessage("values[2]", () -> SmoothingSpline.fit(X, ragged, 0));
        double[][] nan = new double[6][1];
        nan[3][0] = Double.NaN;
        assertMessage("values[3][0]", () -> SmoothingSpline.fit(X, nan, 0));
        assertMessage("alpha", () -> SmoothingSpline.fit(X, Y, -1));
        SmoothingSpline spline = SmoothingSpline.fit(X, Y, 0);
        assertMessage("t must be finite", () -> spline.valueAt(Double.NaN));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray row = manager.create(new double[] {1, 2});
            assertMessage("(batch, 1)", () -> spline.evaluate(row));
            SplineArrays arrays = spline.toArrays(manager, DataType.FLOAT64);
            NDArray single = manager.create(1f);
            assertMessage("toArrays", () -> arrays.evaluate(single));
        }
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
