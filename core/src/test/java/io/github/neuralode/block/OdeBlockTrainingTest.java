package io.github.neuralode.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.translate.TranslateException;

import io.github.neuralode.LinearSpiral;
import io.github.neuralode.sensitivity.Sensitivity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * An {@code OdeBlock} inside a {@code SequentialBlock} learns the linear spiral {@code y' = A y}
 * with DJL's {@code EasyTrain}, and its parameters survive a save/load round trip.
 */
class OdeBlockTrainingTest {

    @Test
    void odeBlockLearnsLinearSpiralWithEasyTrainAndSurvivesSaveLoad(@TempDir Path folder)
            throws IOException, TranslateException, ai.djl.MalformedModelException {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("spiral")) {
            model.setBlock(LinearSpiral.network(Sensitivity.DIRECT));
            NDArray inputs = LinearSpiral.randomStates(manager, 64, new Random(3));
            NDArray labels = LinearSpiral.flow(inputs);
            try (Trainer trainer = model.newTrainer(LinearSpiral.trainingConfig())) {
                trainer.initialize(new Shape(16, 2));
                EasyTrain.fit(trainer, 60, LinearSpiral.dataset(inputs, labels), null);
            }
            float evaluated = LinearSpiral.l2Loss(model.getBlock(), inputs, labels);
            System.out.printf("loss after training %.3e%n", evaluated);
            assertTrue(evaluated < 1e-4, "loss did not fall below 1e-4: " + evaluated);

            model.save(folder, "spiral");
            try (Model restored = Model.newInstance("spiral")) {
                restored.setBlock(LinearSpiral.network(Sensitivity.DIRECT));
                restored.load(folder, "spiral");
                NDArray before = predict(model, inputs);
                NDArray after = predict(restored, inputs);
                assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 0f);
                assertEquals(evaluated, LinearSpiral.l2Loss(restored.getBlock(), inputs, labels), 0f);
            }
        }
    }

    private static NDArray predict(Model model, NDArray inputs) {
        ParameterStore store = new ParameterStore(inputs.getManager(), false);
        return model.getBlock().forward(store, new NDList(inputs), false).singletonOrThrow();
    }
}
