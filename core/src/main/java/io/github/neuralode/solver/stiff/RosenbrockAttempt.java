package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.step.StageCombiner;
import io.github.neuralode.solver.step.StageTimes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One step of a {@link RosenbrockTableau} on a flattened batch {@code (batch, n)}, given the
 * linearization at the start of the step: stage {@code i} solves {@code W u_i = h gamma f(t +
 * alpha_i h, y + sum_j a_ij u_j) + gamma sum_j c_ij u_j + gamma gammaSum_i h^2 f_t} with the
 * factored {@code W = I - gamma h J} of a {@link LinearSolver}.
 *
 * <p>Stage sums are linear combinations of the columns {@code [y, u_0, ...]} whose coefficients
 * do not depend on the step ({@code u_j} already carries it), so they are the same for every step
 * group and each is one {@link StageCombiner#combineShared} product, per-sample steps included: a
 * stage input is {@code [y, u_0, ...]} times {@code [1, a_i0, ...]} (one multiply and one add when
 * a single {@code a_ij} is non-zero, none when all are). A right-hand side is {@code [f_i, u_0,
 * ..., (f_t)]} times {@code [h gamma, gamma c_i0, ..., (gamma gammaSum_i h^2)]} in one product for
 * a shared step; per sample the step-dependent terms {@code h gamma f_i} and {@code gamma
 * gammaSum_i h^2 f_t} are per-sample scalings added to the shared sum. Then one batched product
 * with {@code W^-1}. The solution, the error estimate and the dense output are shared
 * combinations of {@code [y, u_0, ..., u_(s-1)]}. Steps are Java doubles per step group (one for
 * a shared step, one per sample); every coefficient array is created on the combiner's constants
 * manager.
 */
public final class RosenbrockAttempt {

    private final RosenbrockTableau tableau;
    private final double[][] a;
    private final double[][] c;
    private final double[] alpha;
    private final double[] gammaSum;
    private final double[] weights;
    private final double[] errorWeights;

    private RosenbrockAttempt(RosenbrockTableau tableau) {
        this.tableau = tableau;
        int s = tableau.stages();
        this.a = new double[s][];
        this.c = new double[s][];
        for (int i = 0; i < s; i++) {
            a[i] = tableau.a(i);
            c[i] = tableau.c(i);
        }
        this.alpha = tableau.alpha();
        this.gammaSum = tableau.gammaSum();
        this.weights = tableau.weights();
        this.errorWeights = tableau.errorWeights();
    }

    /**
     * Prepares the stepper of a tableau.
     *
     * @param tableau the method
     * @return the stepper
     */
    public static RosenbrockAttempt prepare(RosenbrockTableau tableau) {
        return new RosenbrockAttempt(tableau);
    }

    /**
     * Returns the method.
     *
     * @return the tableau
     */
    public RosenbrockTableau tableau() {
        return tableau;
    }

    /**
     * Attempts one step from {@code (t, y)} with step {@code h}.
     *
     * @param field the vector field (on flattened states)
     * @param times the stage times {@code t + alpha h}, shaped as the field expects
     * @param y the state {@code (batch, n)}
     * @param f0 {@code f(t, y)} {@code (batch, n)} (a FSAL method's previous {@code fEnd})
     * @param h the signed step of every step group
     * @param solver {@code W = I - gamma h J} factored with this tableau's gamma and these steps
     * @param timeDerivative {@code df/dt} at {@code (t, y)} {@code (batch, n)}; {@code null} only
     *     for autonomous fields
     * @param combiner forms the linear combinations of this step (its manager owns the constants)
     * @return the proposed state, the error estimate, the stages and the dense output
     * @throws IllegalArgumentException if the solver was formed with another gamma or step, or a
     *     time-dependent field comes without its time derivative
     */
    public RosenbrockStep step(
            VectorField field,
            StageTimes times,
            NDArray y,
            NDArray f0,
            double[] h,
            LinearSolver solver,
            NDArray timeDerivative,
            StageCombiner combiner) {
        checkLinearization(field, h, solver, timeDerivative);
        int s = tableau.stages();
        List<NDArray> columns = new ArrayList<>(s + 1);
        columns.add(y);
        NDArray input = y;
        NDArray value = f0;
        for (int i = 0; i < s; i++) {
            if (i > 0) {
                input = stageInput(i, columns, h.length, combiner);
                value = field.evaluate(times.at(alpha[i]), input);
            }
            NDArray rhs = rightHandSide(i, value, columns, timeDerivative, h, combiner);
            columns.add(solver.solve(rhs));
        }
        NDArray y1 = tableau.isFsal() ? input : combiner.combineShared(columns, lead(1.0, weights));
        NDArray error;
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            error = combiner.combineShared(columns, lead(0.0, errorWeights));
        }
        NDArray fEnd = tableau.isFsal() ? value : null;
        RosenbrockInterpolant interpolant =
                new RosenbrockInterpolant(tableau, List.copyOf(columns), combiner, h.length);
        return new RosenbrockStep(y1, error, fEnd, interpolant);
    }

    private void checkLinearization(
            VectorField field, double[] h, LinearSolver solver, NDArray timeDerivative) {
        if (solver.gamma() != tableau.gamma() || !Arrays.equals(solver.h(), h)) {
            throw new IllegalArgumentException(
                    "the linear solver was formed with gamma " + solver.gamma() + " and h "
                            + Arrays.toString(solver.h()) + ", the step needs gamma "
                            + tableau.gamma() + " and h " + Arrays.toString(h));
        }
        if (field.isTimeDependent() && timeDerivative == null) {
            throw new IllegalArgumentException(
                    "a time-dependent field needs df/dt (JacobianMethod results carry it)");
        }
    }

    /** {@code y + sum_j a_ij u_j}. */
    private NDArray stageInput(
            int i, List<NDArray> columns, int groups, StageCombiner combiner) {
        int nonZero = 0;
        int last = -1;
        for (int j = 0; j < i; j++) {
            if (a[i][j] != 0.0) {
                nonZero++;
                last = j;
            }
        }
        if (nonZero == 0) {
            return columns.get(0);
        }
        if (nonZero == 1) {
            NDArray scale = combiner.scalars(filled(groups, a[i][last]));
            return columns.get(0).add(columns.get(last + 1).mul(scale));
        }
        return combiner.combineShared(columns.subList(0, i + 1), lead(1.0, a[i]));
    }

    /** {@code h gamma f_i + gamma sum_j c_ij u_j + gamma gammaSum_i h^2 f_t}. */
    private NDArray rightHandSide(
            int i,
            NDArray value,
            List<NDArray> columns,
            NDArray timeDerivative,
            double[] h,
            StageCombiner combiner) {
        double gamma = tableau.gamma();
        boolean withTime = timeDerivative != null && gammaSum[i] != 0.0;
        if (h.length == 1 && (i > 0 || withTime)) {
            // a shared step: every term's coefficient is a number, so the sum is one product
            List<NDArray> terms = new ArrayList<>(i + 2);
            terms.add(value);
            terms.addAll(columns.subList(1, i + 1));
            double[] coefficients = new double[i + 1 + (withTime ? 1 : 0)];
            coefficients[0] = h[0] * gamma;
            for (int j = 0; j < i; j++) {
                coefficients[j + 1] = gamma * c[i][j];
            }
            if (withTime) {
                terms.add(timeDerivative);
                coefficients[i + 1] = gamma * gammaSum[i] * h[0] * h[0];
            }
            return combiner.combineShared(terms, coefficients);
        }
        double[] stepScale = new double[h.length];
        double[] timeScale = new double[h.length];
        for (int g = 0; g < h.length; g++) {
            stepScale[g] = h[g] * gamma;
            timeScale[g] = gamma * gammaSum[i] * h[g] * h[g];
        }
        NDArray rhs = value.mul(combiner.scalars(stepScale));
        if (i > 0) {
            double[] stageCoefficients = new double[i];
            for (int j = 0; j < i; j++) {
                stageCoefficients[j] = gamma * c[i][j];
            }
            rhs = rhs.add(combiner.combineShared(columns.subList(1, i + 1), stageCoefficients));
        }
        if (withTime) {
            rhs = rhs.add(timeDerivative.mul(combiner.scalars(timeScale)));
        }
        return rhs;
    }

    /** {@code [lead, weights...]}. */
    private static double[] lead(double lead, double[] weights) {
        double[] row = new double[weights.length + 1];
        row[0] = lead;
        System.arraycopy(weights, 0, row, 1, weights.length);
        return row;
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        Arrays.fill(values, value);
        return values;
    }
}
