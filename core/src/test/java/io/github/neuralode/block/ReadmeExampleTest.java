package io.github.neuralode.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;

import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The README's example, verbatim but for the data: Linear -> OdeBlock -> Linear classifies two
 * Gaussian blobs with EasyTrain, and the trained model saves.
 */
class ReadmeExampleTest {

    @Test
    void readmeClassifierTrainsAndSaves(@TempDir Path folder) throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.randomNormal(new Shape(128, 4));
            NDArray labels = features.get(":, 0").gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            ArrayDataset dataset =
                    new ArrayDataset.Builder().setData(features).optLabels(labels).setSampling(32, true).build();

            EngineThreads.set(1);
            Block field = Mlp.tanh(2, 50, 50);
            OdeBlock ode =
                    OdeBlock.builder()
                            .setVectorField(field)
                            .optSolver(
                                    OdeSolver.builder()
                                            .optMethod(Tableaus.DOPRI5)
                                            .optStepSizeController(PidController.of(1e-5, 1e-7))
                                            .build())
                            .optTimes(0, 1)
                            .build();
            SequentialBlock net =
                    new SequentialBlock()
                            .add(Linear.builder().setUnits(2).build())
                            .add(ode)
                            .add(Linear.builder().setUnits(10).build());
            try (Model model = Model.newInstance("ode-classifier")) {
                model.setBlock(net);
                float before;
                try (Trainer trainer =
                        model.newTrainer(
                                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                        .optOptimizer(Optimizer.adam().build()))) {
                    trainer.initialize(new Shape(32, 4));
                    before = loss(model, features, labels);
                    EasyTrain.fit(trainer, 40, dataset, null);
                }
                float after = loss(model, features, labels);
                System.out.printf("cross-entropy %.4f -> %.4f%n", before, after);
                assertTrue(after < 0.5 * before, "training did not reduce the loss: " + before + " -> " + after);
                model.save(folder.resolve("model"), "ode-classifier");
                assertTrue(folder.resolve("model").resolve("ode-classifier-0000.params").toFile().length() > 0);
            }
        }
    }

    private static float loss(Model model, NDArray features, NDArray labels) {
        NDArray logits =
                model.getBlock()
                        .forward(new ParameterStore(features.getManager(), false), new NDList(features), false)
                        .singletonOrThrow();
        return Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat();
    }
}
