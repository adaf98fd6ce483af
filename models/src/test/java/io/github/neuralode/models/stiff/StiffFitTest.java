package io.github.neuralode.models.stiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.loss.L2Loss;

import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.OnFailure;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.TrainingFailedException;

import org.junit.jupiter.api.Test;

/**
 * {@link StiffFit} on {@code y' = (w y + b)^2} from {@code y(0) = 1} with {@code w = 1, b = 0}: the
 * solution {@code 1 / (1 - t)} blows up at {@code t = 1}, so a solve to the samples {@code 0.25,
 * 0.5, 2} reaches two of them. With {@code OnFailure.RETURN} the loss covers those two (as the
 * stiff neural ODE authors' code does) and training goes on; with {@code THROW} it stops.
 */
class StiffFitTest {

    private static final double[] TIMES = {0.25, 0.5, 2.0};
    private static final double[][] VALUES = {{1.0 / 0.75}, {2.0}, {-1.0}};

    @Test
    void aSolveThatStopsEarlyTrainsOnTheTimesItReached() {
        StiffFit.Outcome outcome = fit(OnFailure.RETURN, 3);
        double[] reached = outcome.history().curve("reached_times");
        assertEquals(2.0, reached[0], "1 / (1 - t) reaches 0.25 and 0.5, not 2");
        // the first epoch's error is that of the exact solution at the reached times: zero
        assertEquals(0.0, outcome.history().curve("train_loss")[0], 1e-6);
        assertEquals(3, outcome.history().epochs());
        // three steps of 1e-3 leave the blow-up near t = 1: the trained model's t = 2 is NaN
        assertTrue(Double.isNaN(outcome.finalPrediction()[2][0]));
        assertEquals(2.0, outcome.finalPrediction()[1][0], 0.05);
    }

    @Test
    void withThrowTheFailedSolveStopsTraining() {
        assertThrows(TrainingFailedException.class, () -> fit(OnFailure.THROW, 2));
    }

    @Test
    void missingSettingsAreNamed() {
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> StiffFit.builder().build());
        assertTrue(missing.getMessage().contains("setData"), missing.getMessage());
        IllegalArgumentException names =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                StiffFit.builder()
                                        .setData(0, new double[] {1}, TIMES, VALUES, "a", "b")
                                        .setMetricScale(1)
                                        .setVectorField(field())
                                        .setSolver(OdeSolver.builder().build())
                                        .setLoss(new L2Loss())
                                        .setOptimizer(Adam.builder().build())
                                        .build());
        assertTrue(names.getMessage().contains("component name"), names.getMessage());
    }

    private static StiffFit.Outcome fit(OnFailure onFailure, int epochs) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optStepSizeController(PidController.of(1e-8, 1e-10))
                        .optMaxSteps(2_000)
                        .optOnFailure(onFailure)
                        .build();
        return StiffFit.builder()
                .setData(0.0, new double[] {1.0}, TIMES, VALUES, "y")
                .setMetricScale(1.0)
                .setVectorField(field())
                .setSolver(solver)
                .setLoss(new L2Loss("mse", 1f))
                .setOptimizer(Adam.builder().optLearningRate(1e-3).build())
                .optEpochs(epochs)
                .build()
                .fit();
    }

    /** {@code (w y + b)^2} with {@code w = 1}, {@code b = 0}. */
    private static Block field() {
        SequentialBlock block = new SequentialBlock();
        Linear linear = Linear.builder().setUnits(1).build();
        linear.setInitializer(new ConstantInitializer(1f), p -> p.getName().equals("weight"));
        linear.setInitializer(new ConstantInitializer(0f), p -> p.getName().equals("bias"));
        return block.add(linear).add(list -> new NDList(list.singletonOrThrow().square()));
    }
}
