package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.solver.OdeSolveException;
import io.github.neuralode.solver.OdeSolver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The neural ODE {@code y' = w y} on [0, 1], y0 = 1, fitted to y(1) = e^3 by gradient descent
 * with learning rate 1 (far too large) from w = 0: the first step takes w to e^3 - 1 (about 19),
 * the second far below -1e10, where the default Dopri5 solve is hopelessly stiff and fails (step
 * size below the minimum). {@link FitLoop} must report that as a training failure.
 */
class FitLoopSolverFailureTest {

    @Test
    void solverFailureInATrainingStepIsATrainingFailureThatKeepsTheLastCheckpoint(
            @TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("checkpoints");
        StatefulOptimizer optimizer = GradientDescent.builder().setLearningRate(1.0).build();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = odeModel();
                Trainer trainer = trainer(model, optimizer)) {
            FitLoop loop = loop(trainer, optimizer, folder, manager).build();
            TrainingFailedException error = assertThrows(TrainingFailedException.class, loop::fit);

            assertInstanceOf(OdeSolveException.class, error.getCause());
            assertEquals(3, error.getEpoch());
            assertEquals(3, error.getIteration());
            String message = error.getMessage();
            assertTrue(message.contains("in epoch 3 at iteration 3"), message);
            Path lastGood = error.getLastCheckpoint().orElseThrow();
            assertTrue(lastGood.getFileName().toString().startsWith("epoch-0002"), lastGood + "");
            assertTrue(message.contains(lastGood.toString()), message);
            assertNoCheckpointOfEpoch(folder, 3);
            // the failed step changed nothing: the live weight is the checkpointed one
            double[] live = weight(model).toDoubleArray();
            assertTrue(live[0] < -1e10, "w diverged to " + live[0]);
            assertEquals(live[0], reloadedWeight(lastGood, manager)[0], 0.0);
        }
    }

    @Test
    void stopOnFailureEndsTheFitWithTheEpochsBeforeTheFailure(@TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("checkpoints");
        StatefulOptimizer optimizer = GradientDescent.builder().setLearningRate(1.0).build();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = odeModel();
                Trainer trainer = trainer(model, optimizer)) {
            FitResult result =
                    loop(trainer, optimizer, folder, manager).optStopOnFailure(true).build().fit();

            assertEquals(StopReason.FAILED, result.reason());
            assertEquals(2, result.epochs(), "the two epochs before the failed third");
            assertEquals(2, result.iterations());
            assertNoCheckpointOfEpoch(folder, 3);
            assertEquals(
                    weight(model).toDoubleArray()[0],
                    reloadedWeight(result.latestCheckpoint(), manager)[0],
                    0.0,
                    "the latest checkpoint is the last good state");
        }
    }

    @Test
    void solverFailureInTheValidationPassIsATrainingFailureWithoutACheckpointOfThatEpoch(
            @TempDir Path tmp) throws IOException {
        Path folder = tmp.resolve("checkpoints");
        StatefulOptimizer optimizer = GradientDescent.builder().setLearningRate(1.0).build();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = odeModel();
                Trainer trainer = trainer(model, optimizer)) {
            FitLoop loop =
                    loop(trainer, optimizer, folder, manager)
                            .optValidationData(data(manager))
                            .build();
            TrainingFailedException error = assertThrows(TrainingFailedException.class, loop::fit);

            assertInstanceOf(OdeSolveException.class, error.getCause());
            assertEquals(2, error.getEpoch());
            assertEquals(2, error.getIteration());
            assertTrue(
                    error.getMessage().contains("in epoch 2 in the metrics pass after iteration 2"),
                    error.getMessage());
            Path lastGood = error.getLastCheckpoint().orElseThrow();
            assertTrue(lastGood.getFileName().toString().startsWith("epoch-0001"), lastGood + "");
            assertNoCheckpointOfEpoch(folder, 2);
            assertEquals(
                    Math.exp(3) - 1, reloadedWeight(lastGood, manager)[0], 0.05, "w after epoch 1");
        }
    }

    private static FitLoop.Builder loop(
            Trainer trainer, StatefulOptimizer optimizer, Path folder, NDManager manager) {
        return FitLoop.builder()
                .setTrainer(trainer)
                .setTrainingData(data(manager))
                .optOptimizer(optimizer)
                .optEpochs(5)
                .optCheckpoints(folder, 1)
                .optProgress(FitLoop.ProgressDisplay.NONE);
    }

    private static void assertNoCheckpointOfEpoch(Path folder, int epoch) throws IOException {
        String latest = String.format("epoch-%04d", epoch);
        try (Stream<Path> children = Files.list(folder)) {
            children.map(p -> p.getFileName().toString())
                    .forEach(
                            name ->
                                    assertFalse(
                                            name.startsWith(latest)
                                                    || name.startsWith("best-" + latest),
                                            "a checkpoint of the broken state: " + name));
        }
    }

    /** Loads a checkpoint into a fresh model and returns its weight. */
    private static double[] reloadedWeight(Path checkpoint, NDManager manager) {
        StatefulOptimizer optimizer = GradientDescent.builder().setLearningRate(1.0).build();
        try (Model fresh = odeModel();
                Trainer trainer = trainer(fresh, optimizer)) {
            new CheckpointStore(checkpoint.getParent())
                    .load(checkpoint, fresh.getBlock(), optimizer, manager);
            return weight(fresh).toDoubleArray();
        }
    }

    private static NDArray weight(Model model) {
        return model.getBlock().getParameters().get(0).getValue().getArray();
    }

    private static Model odeModel() {
        Model model = Model.newInstance("diverging-ode", Device.cpu());
        model.setDataType(DataType.FLOAT64);
        model.setBlock(
                OdeBlock.builder()
                        .setVectorField(Linear.builder().setUnits(1).optBias(false).build())
                        .optSolver(OdeSolver.builder().build())
                        .build());
        return model;
    }

    /** An initialized trainer with w = 0. */
    private static Trainer trainer(Model model, StatefulOptimizer optimizer) {
        Trainer trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.l2Loss())
                                .optOptimizer(optimizer)
                                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(new Shape(1, 1));
        weight(model).set(new NDIndex("..."), 0.0);
        return trainer;
    }

    private static ArrayDataset data(NDManager manager) {
        return new ArrayDataset.Builder()
                .setData(manager.create(new double[][] {{1.0}}))
                .optLabels(manager.create(new double[][] {{Math.exp(3)}}))
                .setSampling(1, false)
                .build();
    }
}
