package io.github.neuralode.models.homotopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * The coupled field {@code U(u) - lambda k (u - uHat(t))} with a one-layer {@code U = W u + b} set
 * by hand and data on the line {@code uHat(t) = (1 + t, 2 - t)} (which the interpolating spline
 * reproduces exactly), against values worked out by hand and an analytic solution.
 */
class CoupledDynamicsTest {

    private static final double[] KNOTS = {0, 1, 2};
    private static final double[][] LINE = {{1, 2}, {2, 1}, {3, 0}};

    /**
     * At {@code t = 0.5}, {@code u = (1, -1)}, {@code k = 6}, {@code lambda = 0.5}: {@code U =
     * (1 - 2 + 0.5, 3 - 4 - 1) = (-0.5, -2)}, {@code u - uHat = (-0.5, -2.5)}, so {@code f =
     * (-0.5 + 1.5, -2 + 7.5) = (1, 5.5)}; at {@code lambda = 0}, {@code f = U}.
     */
    @Test
    void blockAndPreparedFieldMatchTheHandComputation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CoupledDynamics field =
                    coupled(manager, new double[] {1, 2, 3, 4}, new double[] {0.5, -1});
            field.setLambda(0.5);
            NDArray u = manager.create(new double[][] {{1, -1}});
            NDArray t = manager.create(0.5);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray input = NDArrays.concat(new NDList(u, t.reshape(1, 1)), 1);
            double[] viaBlock =
                    field.forward(store, new NDList(input), false)
                            .singletonOrThrow()
                            .toDoubleArray();
            double[] viaPrepared = prepared(field, store, u).evaluate(t, u).toDoubleArray();
            assertArrayEquals(new double[] {1.0, 5.5}, viaBlock, 1e-12);
            assertArrayEquals(new double[] {1.0, 5.5}, viaPrepared, 1e-12);
            field.setLambda(0);
            assertArrayEquals(
                    new double[] {-0.5, -2},
                    prepared(field, store, u).evaluate(t, u).toDoubleArray(),
                    1e-12);
            assertThrows(IllegalArgumentException.class, () -> field.setLambda(1.5));
        }
    }

    /**
     * With {@code U = 0}, {@code u' = -w (u - (1 + t, 2 - t))}, {@code w = lambda k = 3}, from
     * {@code u(0) = (0, 0)}: {@code u = (1 + t - 1/w, 2 - t + 1/w) + C e^{-w t}} with {@code C =
     * (1/w - 1, -2 - 1/w)}. Both the prepared field (DIRECT) and the block called with the time
     * appended (checkpoint adjoint) solve it.
     */
    @Test
    void coupledSolveMatchesTheAnalyticSolutionUnderBothFieldPaths() {
        double w = 3;
        double t1 = 1.5;
        double decay = Math.exp(-w * t1);
        double[] expected = {
            1 + t1 - 1 / w + (1 / w - 1) * decay, 2 - t1 + 1 / w + (-2 - 1 / w) * decay
        };
        for (Sensitivity sensitivity :
                new Sensitivity[] {Sensitivity.DIRECT, Sensitivity.CHECKPOINT_ADJOINT}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                CoupledDynamics field = coupled(manager, new double[4], new double[2]);
                field.setLambda(0.5);
                OdeBlock ode =
                        OdeBlock.builder()
                                .setVectorField(field)
                                .optSolver(
                                        OdeSolver.builder()
                                                .optStepSizeController(
                                                        PidController.of(1e-10, 1e-12))
                                                .build())
                                .optTimeInput(TimeInput.APPEND)
                                .optSensitivity(sensitivity)
                                .optTimes(0, t1)
                                .build();
                ode.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
                // U = 0: initialising the ODE block drew new weights
                ode.getParameters()
                        .forEach(
                                p -> {
                                    NDArray array = p.getValue().getArray();
                                    array.set(new double[(int) array.size()]);
                                });
                NDArray start = manager.zeros(new Shape(1, 2), DataType.FLOAT64);
                double[] end =
                        ode.forward(new ParameterStore(manager, false), new NDList(start), false)
                                .singletonOrThrow()
                                .toDoubleArray();
                assertArrayEquals(expected, end, 1e-8, sensitivity.name());
            }
        }
    }

    @Test
    void aStateOfTheWrongSizeIsNamed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CoupledDynamics field =
                    coupled(manager, new double[] {1, 2, 3, 4}, new double[] {0, 0});
            NDArray wrong = manager.zeros(new Shape(1, 4), DataType.FLOAT64);
            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    field.forward(
                                            new ParameterStore(manager, false),
                                            new NDList(wrong),
                                            false));
            assertTrue(error.getMessage().contains("TimeInput.APPEND"), error.getMessage());
        }
    }

    private static io.github.neuralode.ode.VectorField prepared(
            CoupledDynamics field, ParameterStore store, NDArray u) {
        return field.prepareField(store, u, false, TimeInput.APPEND);
    }

    /** The coupled field of {@code W u + b} ({@code W} row by row), k = 6, initialised. */
    private static CoupledDynamics coupled(NDManager manager, double[] weight, double[] bias) {
        SmoothingSpline path = SmoothingSpline.fit(KNOTS, LINE, 0);
        CoupledDynamics field = new CoupledDynamics(Linear.builder().setUnits(2).build(), path, 6);
        field.initialize(manager, DataType.FLOAT64, new Shape(1, 3));
        field.getParameters()
                .forEach(
                        p ->
                                p.getValue()
                                        .getArray()
                                        .set(p.getKey().endsWith("weight") ? weight : bias));
        return field;
    }
}
