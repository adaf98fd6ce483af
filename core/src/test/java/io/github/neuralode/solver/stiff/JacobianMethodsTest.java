package io.github.neuralode.solver.stiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import io.github.neuralode.ode.VectorField;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three Jacobian methods agree, float64, on batches whose samples sit at different states:
 * analytic Jacobians against hand-written ones, autograd against analytic to {@code 1e-12},
 * finite differences to {@code 1e-6}, all relative to the largest entry of each sample's
 * Jacobian; field calls are counted.
 */
class JacobianMethodsTest {

    private static final double K1 = 0.04;
    private static final double K2 = 3e7;
    private static final double K3 = 1e4;

    /** Two reference states of the README (t = 40, t = 1e5) and one near ROBER's y2 peak. */
    private static final double[][] ROBER_STATES = {
        {0.7158270687, 9.185534765e-06, 0.2841637457},
        {1.786592114e-02, 7.27475147e-08, 9.82134006110e-01},
        {0.9, 2e-5, 0.1}
    };

    @Test
    void roberJacobiansAgreeAtPerSampleStates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem rober = StiffProblems.rober(manager, DataType.FLOAT64);
            NDArray y = manager.create(ROBER_STATES);
            NDArray t = manager.create(0.0);
            double[][][] expected = new double[3][][];
            for (int b = 0; b < 3; b++) {
                double y2 = ROBER_STATES[b][1];
                double y3 = ROBER_STATES[b][2];
                expected[b] = new double[][] {
                    {-K1, K3 * y3, K3 * y2},
                    {K1, -2 * K2 * y2 - K3 * y3, -K3 * y2},
                    {0, 2 * K2 * y2, 0}
                };
            }
            FieldJacobian analytic = rober.jacobian().evaluate(rober.field(), t, y);
            assertClose(expected, analytic.matrix(), 1e-14, "analytic vs README");
            assertEquals(0, analytic.fieldCalls());

            Counted autogradField = new Counted(rober.field());
            FieldJacobian autograd =
                    new AutogradJacobian(List.of()).evaluate(autogradField, t, y);
            assertClose(expected, autograd.matrix(), 1e-12, "autograd vs analytic");
            assertEquals(1, autograd.fieldCalls());
            assertEquals(autograd.fieldCalls(), autogradField.calls.get());
            assertEquals(9, autograd.fieldRows(), "batch x n rows");
            assertNull(autograd.timeDerivative(), "autonomous field");

            // Floor 1e-10: ROBER's y2 lives at 1e-5..1e-8, far below the default floor of 1.
            Counted differenceField = new Counted(rober.field());
            FieldJacobian differences = new FiniteDifferenceJacobian(1e-10, 1.0)
                    .evaluate(differenceField, t, y);
            assertClose(expected, differences.matrix(), 1e-6, "finite differences vs analytic");
            assertEquals(1, differenceField.calls.get());
            assertEquals(12, differences.fieldRows(), "batch x (n + 1) rows");
        }
    }

    @Test
    void polluJacobiansAgreeAndItsRatesMatchTheReadme() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StiffProblems.Problem pollu = StiffProblems.pollu(manager, DataType.FLOAT64);
            double[] shifted = StiffProblems.POLLU_INITIAL.clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += 1e-3 * (i + 1);
            }
            NDArray y = manager.create(new double[][] {StiffProblems.POLLU_INITIAL, shifted});
            NDArray t = manager.create(0.0);
            // Nonzero rates at y(0): r2 = 0.2128, r4 = 8.6e-5, r5 = 8.2e-5, r7 = 1.3e-6,
            // r16 = 1.4e-5, r17 = 7e-4; f from the README's right-hand sides.
            double[] expectedRates = {
                0.2128, -0.2128, 7e-4, -0.213514, 1.733e-4, 0, -1.68e-4, 1.693e-4, -1.3e-6, 1.3e-6,
                0, 0, 0, 0, 0, 1.4e-5, 0, 0, 0, 0
            };
            double[] rates = pollu.field().evaluate(t, y).get(0).toDoubleArray();
            assertArrayEquals(expectedRates, rates, 1e-15);

            FieldJacobian analytic = pollu.jacobian().evaluate(pollu.field(), t, y);
            double[][][] reference = toMatrices(analytic.matrix());
            FieldJacobian autograd = new AutogradJacobian(List.of()).evaluate(pollu.field(), t, y);
            assertClose(reference, autograd.matrix(), 1e-12, "autograd vs analytic");
            FieldJacobian differences =
                    new FiniteDifferenceJacobian(1e-10, 1.0).evaluate(pollu.field(), t, y);
            assertClose(reference, differences.matrix(), 1e-6, "finite differences vs analytic");
            FieldJacobian columns =
                    new FiniteDifferenceJacobian(1e-10, 1.0)
                            .columnByColumn()
                            .evaluate(pollu.field(), t, y);
            assertClose(toMatrices(differences.matrix()), columns.matrix(), 1e-15, "by column");
            assertEquals(21, columns.fieldCalls());
        }
    }

    /**
     * A one-row field that refuses other row counts (like the backsolve adjoint's augmented
     * field): the column-by-column differences give its Jacobian, {@code [[z1, z0], [2 s, 2 s]]}
     * with {@code s = z0 + z1}, and {@code df/dt = (0, cos t)} for {@code f = (z0 z1, s^2 + sin t)}.
     */
    @Test
    void columnByColumnDifferencesHandleAFieldThatCouplesItsRows() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VectorField coupled =
                    (t, z) -> {
                        if (z.getShape().get(0) != 1) {
                            throw new IllegalStateException("one row only, got " + z.getShape());
                        }
                        NDArray product = z.get(":, 0:1").mul(z.get(":, 1:2"));
                        NDArray square = z.sum(new int[] {1}, true).square().add(t.sin());
                        return NDArrays.concat(new NDList(product, square), 1);
                    };
            NDArray z = manager.create(new double[][] {{0.5, -2.0}});
            NDArray t = manager.create(0.3);
            FieldJacobian result =
                    new FiniteDifferenceJacobian().columnByColumn().evaluate(coupled, t, z);
            double[][][] expected = {{{-2.0, 0.5}, {-3.0, -3.0}}};
            assertClose(expected, result.matrix(), 1e-7, "coupled one-row field");
            assertArrayEquals(
                    new double[] {0, Math.cos(0.3)}, result.timeDerivative().toDoubleArray(), 1e-7);
            assertEquals(4, result.fieldCalls(), "n + 2 calls for n = 2 and df/dt");
            assertThrows(IllegalStateException.class,
                    () -> new FiniteDifferenceJacobian().evaluate(coupled, t, z));
        }
    }

    @Test
    void timeDerivativesAgreeForSharedAndPerSampleClocks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double stiffness = -1e4;
            StiffProblems.Problem problem =
                    StiffProblems.protheroRobinson(manager, DataType.FLOAT64, stiffness);
            NDArray y = manager.create(new double[][] {{0.3}, {-0.2}, {1.0}});
            double[][] clocks = {{0.7, 0.7, 0.7}, {0.1, 0.5, 2.0}};
            for (double[] clock : clocks) {
                boolean shared = clock == clocks[0];
                NDArray t = shared
                        ? manager.create(clock[0])
                        : manager.create(clock, new Shape(3, 1));
                double[][][] expectedMatrix = new double[3][][];
                double[] expectedDfdt = new double[3];
                for (int b = 0; b < 3; b++) {
                    expectedMatrix[b] = new double[][] {{stiffness}};
                    expectedDfdt[b] = -stiffness * Math.cos(clock[b]) - Math.sin(clock[b]);
                }
                String label = shared ? "shared clock" : "per-sample clocks";
                for (JacobianMethod method : List.of(problem.jacobian(),
                        new AutogradJacobian(List.of()), new FiniteDifferenceJacobian())) {
                    boolean differences = method instanceof FiniteDifferenceJacobian;
                    double tolerance = differences ? 1e-6 : 1e-12;
                    FieldJacobian result = method.evaluate(problem.field(), t, y);
                    assertClose(expectedMatrix, result.matrix(), tolerance, label);
                    double[] dfdt = result.timeDerivative().toDoubleArray();
                    for (int b = 0; b < 3; b++) {
                        assertEquals(expectedDfdt[b], dfdt[b],
                                tolerance * Math.abs(stiffness), label + " df/dt " + b);
                    }
                    if (differences) {
                        assertEquals(9, result.fieldRows(), "batch x (n + 2) rows, n = 1");
                    }
                }
            }
        }
    }

    @Test
    void aFieldThatIgnoresItsArgumentsHasZeroDerivativesOfTheStatesType() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray constant = manager.create(new double[] {1.0, -2.0});
            VectorField field = (t, y) -> y.zerosLike().add(constant);
            NDArray y = manager.create(new double[][] {{1.0, 2.0}, {3.0, 4.0}});
            for (JacobianMethod method :
                    List.of(new AutogradJacobian(List.of()), new FiniteDifferenceJacobian())) {
                FieldJacobian result = method.evaluate(field, manager.create(0.5), y);
                assertEquals(DataType.FLOAT64, result.matrix().getDataType());
                assertEquals(DataType.FLOAT64, result.timeDerivative().getDataType());
                assertArrayEquals(new double[8], result.matrix().toDoubleArray(), 0.0);
                assertArrayEquals(new double[4], result.timeDerivative().toDoubleArray(), 0.0);
            }
        }
    }

    @Test
    void autogradJacobianLeavesTheGivenParametersGradientsUntouched() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new double[] {1.5, -0.5, 2.0});
            p.setRequiresGradient(true);
            NDArray c = manager.create(new double[] {1.0, 2.0, 3.0});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(p.mul(c).sum());
            }
            VectorField field = VectorField.autonomous(y -> y.square().mul(p));
            NDArray y = manager.create(new double[][] {{1.0, 2.0, -1.0}, {0.5, -3.0, 4.0}});
            NDArray t = manager.create(0.0);

            FieldJacobian jacobian = new AutogradJacobian(List.of(p)).evaluate(field, t, y);
            assertArrayEquals(new double[] {1.0, 2.0, 3.0}, p.getGradient().toDoubleArray(), 0.0);
            assertTrue(p.hasGradient(), "the parameter requires its gradient again");
            double[][][] expected = new double[2][3][3];
            double[] weights = {1.5, -0.5, 2.0};
            double[][] states = {{1.0, 2.0, -1.0}, {0.5, -3.0, 4.0}};
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    expected[b][i][i] = 2 * weights[i] * states[b][i];
                }
            }
            assertClose(expected, jacobian.matrix(), 1e-15, "diag(2 p y)");

            // Without the list the backward pass adds sum_b y_b^2 into p's gradient.
            new AutogradJacobian(List.of()).evaluate(field, t, y);
            assertArrayEquals(new double[] {1.0 + 1.25, 2.0 + 13.0, 3.0 + 17.0},
                    p.getGradient().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void finiteDifferenceJacobiansAreDifferentiable() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new double[] {1.5, -0.5, 2.0});
            p.setRequiresGradient(true);
            NDArray y = manager.create(new double[][] {{1.0, 2.0, -1.0}, {0.5, -3.0, 4.0}});
            y.setRequiresGradient(true);
            VectorField field = VectorField.autonomous(state -> state.square().mul(p));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray matrix = new FiniteDifferenceJacobian()
                        .evaluate(field, manager.create(0.0), y)
                        .matrix();
                collector.backward(matrix.sum());
            }
            // sum J = sum_b sum_i 2 p_i y_bi: d/dp_i = 2 sum_b y_bi, d/dy_bi = 2 p_i.
            assertArrayEquals(new double[] {3.0, -2.0, 6.0}, p.getGradient().toDoubleArray(), 1e-6);
            assertArrayEquals(new double[] {3.0, -1.0, 4.0, 3.0, -1.0, 4.0},
                    y.getGradient().toDoubleArray(), 1e-6);
        }
    }

    private static double[][][] toMatrices(NDArray matrices) {
        int batch = Math.toIntExact(matrices.getShape().get(0));
        int n = Math.toIntExact(matrices.getShape().get(1));
        double[] flat = matrices.toDoubleArray();
        double[][][] result = new double[batch][n][n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, (b * n + i) * n, result[b][i], 0, n);
            }
        }
        return result;
    }

    /** Per sample: the largest difference over the largest entry of the expected Jacobian. */
    private static void assertClose(
            double[][][] expected, NDArray actual, double tolerance, String label) {
        assertEquals(expected.length, actual.getShape().get(0), label + ": batch");
        assertEquals(DataType.FLOAT64, actual.getDataType(), label + ": data type");
        double[][][] values = toMatrices(actual);
        double worst = 0.0;
        for (int b = 0; b < expected.length; b++) {
            double scale = 0.0;
            double difference = 0.0;
            for (int i = 0; i < expected[b].length; i++) {
                for (int j = 0; j < expected[b].length; j++) {
                    scale = Math.max(scale, Math.abs(expected[b][i][j]));
                    double entry = Math.abs(values[b][i][j] - expected[b][i][j]);
                    difference = Math.max(difference, entry);
                }
            }
            assertTrue(difference <= tolerance * scale,
                    label + ", sample " + b + ": relative difference " + difference / scale);
            worst = Math.max(worst, difference / scale);
        }
        System.out.printf("%s: largest relative difference %.2e%n", label, worst);
    }

    /** Counts calls to a field, keeping its time dependence. */
    private static final class Counted implements VectorField {

        private final VectorField field;
        private final AtomicInteger calls = new AtomicInteger();

        Counted(VectorField field) {
            this.field = field;
        }

        @Override
        public NDArray evaluate(NDArray t, NDArray y) {
            calls.incrementAndGet();
            return field.evaluate(t, y);
        }

        @Override
        public boolean isTimeDependent() {
            return field.isTimeDependent();
        }
    }
}
