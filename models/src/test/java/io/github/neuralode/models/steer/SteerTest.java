package io.github.neuralode.models.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;

/**
 * STEER on {@code y' = y} from {@code y = 1}: a training pass returns {@code exp(t1)} with {@code
 * t1} uniform in {@code [T - b, T + b]}, an evaluation pass {@code exp(T)}; the same seed draws
 * the same end times.
 */
class SteerTest {

    @Test
    void trainingPassesIntegrateToDrawnEndTimesAndEvaluationToT() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] ends = new double[400];
            Steer steer = growth(manager, 11);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray y0 = manager.create(new double[][] {{1.0}});
            for (int i = 0; i < ends.length; i++) {
                ends[i] = Math.log(steer.forward(store, new NDList(y0), true).singletonOrThrow().getDouble(0, 0));
            }
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double mean = 0;
            for (double end : ends) {
                min = Math.min(min, end);
                max = Math.max(max, end);
                mean += end / ends.length;
            }
            assertTrue(min >= 0.7 - 1e-7 && max <= 1.3 + 1e-7, "ends in [" + min + ", " + max + "]");
            assertTrue(max - min > 0.5, "ends spread over " + (max - min));
            assertEquals(1.0, mean, 0.05); // standard error 0.3 / sqrt(3 * 400) = 0.009
            double evaluation = steer.forward(store, new NDList(y0), false).singletonOrThrow().getDouble(0, 0);
            assertEquals(Math.E, evaluation, 1e-7);
            Steer again = growth(manager, 11);
            double first = again.forward(store, new NDList(y0), true).singletonOrThrow().getDouble(0, 0);
            assertEquals(ends[0], Math.log(first), 1e-12);
        }
    }

    @Test
    void halfWidthMustKeepTheEndPastTheStart() {
        OdeBlock ode = OdeBlock.builder().setVectorField(Linear.builder().setUnits(1).build()).build();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Steer.builder().setOdeBlock(ode).setHalfWidth(1.0).build());
        assertTrue(error.getMessage().contains("halfWidth"), error.getMessage());
    }

    private static Steer growth(NDManager manager, long seed) {
        Linear identity = Linear.builder().setUnits(1).optBias(false).build();
        identity.setInitializer(Initializer.ONES, Parameter.Type.WEIGHT);
        OdeBlock ode = OdeBlock.builder()
                .setVectorField(identity)
                .optSolver(OdeSolver.builder().optStepSizeController(PidController.of(1e-10, 1e-12)).build())
                .build();
        Steer steer = Steer.builder().setOdeBlock(ode).setHalfWidth(0.3).optSeed(seed).build();
        steer.initialize(manager, DataType.FLOAT64, new Shape(1, 1));
        return steer;
    }
}
