package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;

/**
 * Jacobians by forward differences, all samples and columns in one field call on {@code (batch (n
 * + 1), n)} rows: {@code y}, then {@code n} blocks {@code y + delta_j e_j} (block {@code j}, sample
 * {@code b} in row {@code (j + 1) batch + b}); for a time-dependent field one more block {@code y}
 * at {@code t + tau} gives {@code df/dt}, and time is passed per row {@code (rows, 1)}.
 *
 * <p><b>Increments.</b> {@code delta_bj = sqrt(eps) max(|y_bj|, stateFloor)} and {@code tau_b =
 * sqrt(eps) max(|t_b|, timeFloor)}, with {@code eps} the machine epsilon of the data type
 * ({@code 2^-52} for float64, {@code 2^-23} for float32), then replaced by the representable
 * difference {@code (y + delta) - y}. The relative step {@code sqrt(eps)} balances truncation
 * ({@code ~ delta |f''|}) against cancellation ({@code ~ eps |f| / delta}) for components at their
 * own scale, so each column is accurate to about {@code sqrt(eps)} relative to the Jacobian's
 * size (about {@code 1e-8} in float64, {@code 3e-4} in float32). The floor sets the increment of
 * components near zero: the magnitude below which a component counts as negligible, like an
 * absolute tolerance. The default 1 suits states of order one (normalized neural ODE states);
 * stiff kinetics with tiny concentrations (ROBER's {@code y2 ~ 1e-5}) need a floor at their
 * absolute tolerance, or the columns of small components are dominated by curvature.
 *
 * <p><b>Tape.</b> The increments are computed off the tape (constants); the evaluation and the
 * differences are ordinary operations on {@code y}, so when recording the Jacobian is
 * differentiable with respect to the state and the field's parameters by plain autograd (second
 * derivatives of the field in finite-difference form). Cost: one field call on {@code batch (n +
 * 1)} rows, {@code batch (n + 2)} with {@code df/dt}.
 *
 * <p><b>Column by column.</b> {@link #columnByColumn()} makes the same differences with one field
 * call per column on the batch's own rows ({@code n + 1} calls, {@code n + 2} with {@code df/dt}),
 * for fields that cannot be evaluated on replicated rows: a one-row system whose field couples
 * whatever rows it is given, such as the backsolve adjoint's augmented field {@code [y, a,
 * a_theta]} (its parameter part sums over rows). Column {@code j} of every row is perturbed in
 * the same call, so with several rows this is exact only for fields that treat rows
 * independently.
 */
public final class FiniteDifferenceJacobian implements JacobianMethod {

    private final double stateFloor;
    private final double timeFloor;
    private final boolean columnByColumn;

    /** Creates the method with floors of 1 for the state and the time. */
    public FiniteDifferenceJacobian() {
        this(1.0, 1.0);
    }

    /**
     * Creates the method.
     *
     * @param stateFloor the magnitude below which a state component counts as negligible (in the
     *     state's units), positive
     * @param timeFloor the same for time (in the time's units), positive
     */
    public FiniteDifferenceJacobian(double stateFloor, double timeFloor) {
        if (!(stateFloor > 0.0) || !(timeFloor > 0.0)) {
            throw new IllegalArgumentException(
                    "stateFloor and timeFloor must be positive, got " + stateFloor + ", "
                            + timeFloor);
        }
        this.stateFloor = stateFloor;
        this.timeFloor = timeFloor;
        this.columnByColumn = false;
    }

    private FiniteDifferenceJacobian(FiniteDifferenceJacobian rowwise) {
        this.stateFloor = rowwise.stateFloor;
        this.timeFloor = rowwise.timeFloor;
        this.columnByColumn = true;
    }

    /**
     * Returns the same differences taken with one field call per column on the batch's own rows
     * (see the class comment), for fields that cannot be evaluated on replicated rows.
     *
     * @return the column-by-column variant with this method's floors
     */
    public FiniteDifferenceJacobian columnByColumn() {
        return columnByColumn ? this : new FiniteDifferenceJacobian(this);
    }

    @Override
    public FieldJacobian evaluate(VectorField field, NDArray t, NDArray y) {
        int batch = Math.toIntExact(y.getShape().get(0));
        int n = Math.toIntExact(y.getShape().get(1));
        double root = Math.sqrt(epsilon(y.getDataType()));
        boolean timeDependent = field.isTimeDependent();
        NDManager owner = y.getManager();
        Increments increments;
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDManager scope = owner.newSubManager()) {
            increments = increments(scope, t, y, root, timeDependent);
            increments.attach(owner);
        }
        if (columnByColumn) {
            return columns(field, t, y, increments);
        }
        NDList rows = new NDList(y, y.tile(new long[] {n, 1}).add(increments.perturbation()));
        if (timeDependent) {
            rows.add(y);
        }
        NDArray values = field.evaluate(increments.times(), NDArrays.concat(rows, 0));
        NDArray base = values.get("0:" + batch);
        NDArray shifted = values.get(batch + ":" + (n + 1) * (long) batch).reshape(n, batch, n);
        NDArray matrix = shifted.sub(base.expandDims(0))
                .transpose(1, 2, 0)
                .div(increments.state().expandDims(1));
        NDArray dfdt = null;
        if (timeDependent) {
            dfdt = values.get((n + 1) * (long) batch + ":").sub(base).div(increments.time());
        }
        long evaluated = (timeDependent ? n + 2L : n + 1L) * batch;
        return new FieldJacobian(matrix, dfdt, 1, evaluated);
    }

    /** One call per column: {@code f(y + delta_j e_j) - f(y)} on the batch's rows. */
    private static FieldJacobian columns(
            VectorField field, NDArray t, NDArray y, Increments increments) {
        int batch = Math.toIntExact(y.getShape().get(0));
        int n = Math.toIntExact(y.getShape().get(1));
        NDArray base = field.evaluate(t, y);
        NDList differences = new NDList(n);
        NDArray perturbations = increments.perturbation().reshape(n, batch, n);
        for (int j = 0; j < n; j++) {
            NDArray shifted = field.evaluate(t, y.add(perturbations.get(j)));
            differences.add(shifted.sub(base).div(increments.state().get(":, " + j + ":" + (j + 1))));
        }
        NDArray matrix = NDArrays.stack(differences, 2);
        NDArray dfdt = null;
        int calls = n + 1;
        if (increments.time() != null) {
            NDArray later = increments.times().get((n + 1L) * batch + ":");
            dfdt = field.evaluate(later, y).sub(base).div(increments.time());
            calls++;
        }
        return new FieldJacobian(matrix, dfdt, calls, calls * batch);
    }

    private Increments increments(
            NDManager scope, NDArray t, NDArray y, double root, boolean timeDependent) {
        int n = Math.toIntExact(y.getShape().get(1));
        NDArray state = y.stopGradient();
        state.attach(scope);
        NDArray stateStep = state.add(state.abs().maximum(stateFloor).mul(root)).sub(state);
        NDArray perturbation = scope.eye(n, n, 0, y.getDataType())
                .expandDims(1)
                .mul(stateStep.expandDims(0))
                .reshape(-1, n);
        NDArray time = t.stopGradient();
        time.attach(scope);
        if (!timeDependent) {
            NDArray times =
                    time.getShape().dimension() == 0 ? time : time.tile(new long[] {n + 1, 1});
            return new Increments(stateStep, perturbation, times, null);
        }
        NDArray column =
                time.getShape().dimension() == 0 ? time.broadcast(y.getShape().get(0), 1) : time;
        NDArray timeStep = column.add(column.abs().maximum(timeFloor).mul(root)).sub(column);
        NDArray times = NDArrays.concat(
                new NDList(column.tile(new long[] {n + 1, 1}), column.add(timeStep)), 0);
        return new Increments(stateStep, perturbation, times, timeStep);
    }

    private static double epsilon(DataType dataType) {
        if (dataType == DataType.FLOAT64) {
            return Math.ulp(1.0);
        }
        if (dataType == DataType.FLOAT32) {
            return Math.ulp(1.0f);
        }
        throw new IllegalArgumentException(
                "finite-difference Jacobians need a float32 or float64 state, got " + dataType);
    }

    /** The off-tape constants of one evaluation. */
    private record Increments(NDArray state, NDArray perturbation, NDArray times, NDArray time) {

        void attach(NDManager owner) {
            state.attach(owner);
            perturbation.attach(owner);
            times.attach(owner);
            if (time != null) {
                time.attach(owner);
            }
        }
    }
}
