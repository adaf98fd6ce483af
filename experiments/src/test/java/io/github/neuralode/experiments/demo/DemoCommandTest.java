package io.github.neuralode.experiments.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The demo's training loop holds a constant number of arrays, however long it runs. */
class DemoCommandTest {

    @Test
    void trainStepsLeaveNoArraysWithTheTrajectory() {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("spiral")) {
            NDArray truth = DemoCommand.trueTrajectory(manager);
            try (Trainer trainer = DemoCommand.newTrainer(model, ai.djl.Device.cpu())) {
                Random random = new Random(42);
                train(trainer, truth, random, 5);
                int afterFive = manager.getManagedArrays().size();
                int modelAfterFive = model.getNDManager().getManagedArrays().size();
                train(trainer, truth, random, 25);
                int afterThirty = manager.getManagedArrays().size();
                int modelAfterThirty = model.getNDManager().getManagedArrays().size();
                System.out.printf(
                        "arrays with the trajectory %d -> %d, with the model %d -> %d%n",
                        afterFive, afterThirty, modelAfterFive, modelAfterThirty);
                assertEquals(afterFive, afterThirty, "trajectory manager after 5 and 30 steps");
                assertEquals(modelAfterFive, modelAfterThirty, "model manager after 5 and 30 steps");
            }
        }
    }

    private static void train(Trainer trainer, NDArray truth, Random random, int steps) {
        for (int i = 0; i < steps; i++) {
            DemoCommand.trainStep(trainer, truth, random);
        }
    }
}
