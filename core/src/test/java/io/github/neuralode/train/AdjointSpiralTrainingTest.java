package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.translate.TranslateException;

import io.github.neuralode.LinearSpiral;
import io.github.neuralode.sensitivity.Sensitivity;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

/**
 * The float32 spiral of {@code OdeBlockTrainingTest} (learn {@code y' = A y} with A = -0.1 I + 2
 * J from pairs (y(0), y(1))) trained with {@link AdjointTrain#fit} as a drop-in for {@code
 * EasyTrain.fit}: with the checkpointed adjoint the L2 loss falls below 1e-4 in 60 epochs, as it
 * does under DIRECT (the float64 {@code AdjointTrainTest} covers the backsolve adjoint).
 */
class AdjointSpiralTrainingTest {

    @Test
    void adjointTrainFitLearnsTheLinearSpiralInFloat32() throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("spiral-checkpoint-adjoint")) {
            model.setBlock(LinearSpiral.network(Sensitivity.CHECKPOINT_ADJOINT));
            NDArray inputs = LinearSpiral.randomStates(manager, 64, new Random(3));
            NDArray labels = LinearSpiral.flow(inputs);
            try (Trainer trainer = model.newTrainer(LinearSpiral.trainingConfig())) {
                trainer.initialize(new Shape(16, 2));
                AdjointTrain.fit(trainer, 60, LinearSpiral.dataset(inputs, labels), null);
            }
            float loss = LinearSpiral.l2Loss(model.getBlock(), inputs, labels);
            System.out.printf("CHECKPOINT_ADJOINT: loss after training %.3e%n", loss);
            assertTrue(loss < 1e-4, "CHECKPOINT_ADJOINT loss " + loss);
        }
    }
}
