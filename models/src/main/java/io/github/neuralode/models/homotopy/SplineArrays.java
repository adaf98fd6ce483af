package io.github.neuralode.models.homotopy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.engine.OwnedArrays;

/**
 * A {@link SmoothingSpline}'s coefficients as constant arrays on one manager, data type and device,
 * for evaluating the spline at NDArray times many times (e.g. in every call of a vector field).
 *
 * <p>Arrays: the knots {@code (n,)}, the piece origins {@code (n + 1,)} and four coefficient
 * tables {@code (n + 1, d)}, one per power of {@code s = t - origin}. Piece {@code p} is the
 * number of knots {@code <= t}: piece 0 is the line left of {@code t_0}, pieces {@code 1 ... n-1}
 * the cubics, piece {@code n} the line right of {@code t_{n-1}}. {@link #evaluate} finds the piece
 * on the array side (compare {@code t} with the knots, sum), never reading {@code t} back to Java,
 * selects the piece's rows and evaluates the cubic by Horner's rule. Only {@code s} depends on
 * {@code t}, so DJL autograd differentiates the result in {@code t} (the piece index is piecewise
 * constant and carries no gradient). The arrays belong to the manager given to {@link
 * SmoothingSpline#toArrays}; intermediate and result arrays belong to {@code t}'s manager.
 *
 * <p>A shared time ({@code t} of shape {@code ()}) on the CPU takes a shorter path: {@code t} is
 * read to Java (on the CPU a copy of one number, not a device synchronisation), the piece is found
 * there, and its rows, sliced once per piece and kept, enter Horner's rule directly: 7 operations
 * instead of 16 (one evaluation of a 4-component spline: 48 instead of 120 us here). Where no
 * derivative in {@code t} is needed ({@link #evaluateConstant}, for a solver's stage times) a
 * shared CPU time costs no operation at all: the value is computed in Java (the same Horner steps,
 * so the same float64 values) and copied into one engine-owned array. Per-sample times and times
 * on a GPU keep the array path, which never reads {@code t} back.
 */
public final class SplineArrays {

    private final NDArray knots;
    private final NDArray origins;
    private final NDArray[] powers;
    /** The spline itself: its pieces and its values at shared times, found in Java. */
    private final SmoothingSpline spline;
    /** Per piece, lazily: its origin {@code ()} and its four coefficient rows {@code (1, d)}. */
    private final NDArray[][] pieces;

    SplineArrays(NDArray knots, NDArray origins, NDArray[] powers, SmoothingSpline spline) {
        this.knots = knots;
        this.origins = origins;
        this.powers = powers;
        this.spline = spline;
        this.pieces = new NDArray[Math.toIntExact(knots.size()) + 1][];
    }

    /**
     * Evaluates the spline at one time for the whole batch or at one time per sample.
     *
     * @param t shape {@code ()} or {@code (batch, 1)}, the data type and device of these arrays
     * @return {@code g(t)}: shape {@code (1, d)} for {@code t} of shape {@code ()}, {@code (batch,
     *     d)} for {@code (batch, 1)}; same data type and device as {@code t}; on the autograd tape
     *     when {@code t} is
     * @throws IllegalArgumentException if {@code t}'s shape, data type or device does not fit
     */
    public NDArray evaluate(NDArray t) {
        check(t);
        if (t.getShape().dimension() == 0 && !t.getDevice().isGpu()) {
            return evaluateShared(t);
        }
        NDArray column = t.getShape().dimension() == 0 ? t.reshape(1, 1) : t;
        NDArray piece = column.gte(knots).toType(DataType.INT64, false).sum(new int[] {1});
        NDIndex rows = new NDIndex("{}", piece);
        NDArray s = column.sub(origins.get(t.getManager(), rows).reshape(-1, 1));
        NDArray result = powers[3].get(t.getManager(), rows);
        for (int p = 2; p >= 0; p--) {
            result = result.mul(s).add(powers[p].get(t.getManager(), rows));
        }
        return result;
    }

    /** The CPU path for one shared time: the piece found in Java, its kept rows, Horner's rule. */
    private NDArray evaluateShared(NDArray t) {
        int piece = spline.pieceIndex(HostReads.scalar(t));
        NDArray[] rows = rowsOf(piece);
        NDArray s = t.sub(rows[0]);
        NDArray result = rows[4];
        for (int p = 2; p >= 0; p--) {
            result = result.mul(s).add(rows[p + 1]);
        }
        return result;
    }

    /**
     * Evaluates the spline where its derivative in {@code t} is not needed: the result is a
     * constant to autograd. A shared time on the CPU is read to Java and the value computed there
     * (one engine-owned copy, no operations); other times take {@link #evaluate}'s array path with
     * recording paused. Use it for times that are themselves constants (a solver's stage times);
     * a time that must carry a gradient needs {@link #evaluate}.
     *
     * @param t shape {@code ()} or {@code (batch, 1)}, the data type and device of these arrays
     * @return {@code g(t)}, shaped as {@link #evaluate} returns it, off the autograd tape
     * @throws IllegalArgumentException if {@code t}'s shape, data type or device does not fit
     */
    public NDArray evaluateConstant(NDArray t) {
        check(t);
        if (t.getShape().dimension() == 0 && !t.getDevice().isGpu()) {
            double[] value = spline.valueAt(HostReads.scalar(t));
            return OwnedArrays.copyOf(t.getManager(), value, new Shape(1, value.length), t.getDataType());
        }
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            return evaluate(t);
        }
    }

    /** The origin {@code ()} and coefficient rows {@code (1, d)} of a piece, sliced once. */
    private synchronized NDArray[] rowsOf(int piece) {
        if (pieces[piece] == null) {
            String row = piece + ":" + (piece + 1);
            NDArray[] rows = new NDArray[5];
            rows[0] = origins.get(piece);
            for (int p = 0; p < 4; p++) {
                rows[p + 1] = powers[p].get(row);
            }
            pieces[piece] = rows;
        }
        return pieces[piece];
    }

    private void check(NDArray t) {
        Shape shape = t.getShape();
        boolean scalar = shape.dimension() == 0;
        boolean column = shape.dimension() == 2 && shape.get(1) == 1;
        if (!scalar && !column) {
            throw new IllegalArgumentException(
                    "t must have shape () or (batch, 1), got "
                            + shape
                            + ": reshape per-sample times to (batch, 1)");
        }
        if (t.getDataType() != knots.getDataType() || !t.getDevice().equals(knots.getDevice())) {
            throw new IllegalArgumentException(
                    "t is "
                            + t.getDataType()
                            + " on "
                            + t.getDevice()
                            + " but the spline arrays are "
                            + knots.getDataType()
                            + " on "
                            + knots.getDevice()
                            + ": create them with toArrays on t's manager and data type");
        }
    }
}
