package io.github.neuralode.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;

import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

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

    /** A = -0.1 I + 2 J: y(1) = e^-0.1 (cos 2 I + sin 2 J) y(0) for column vectors. */
    private static final double DECAY = -0.1;
    private static final double ROTATION = 2.0;

    @Test
    void odeBlockLearnsLinearSpiralWithEasyTrainAndSurvivesSaveLoad(@TempDir Path folder)
            throws IOException, TranslateException, ai.djl.MalformedModelException {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("spiral")) {
            model.setBlock(newNetwork());
            NDArray inputs = randomStates(manager, 64, new Random(3));
            NDArray labels = inputs.matMul(flowTransposed(manager));
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(inputs)
                            .optLabels(labels)
                            .setSampling(16, true)
                            .build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss())
                            .optOptimizer(
                                    Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(16, 2));
                EasyTrain.fit(trainer, 60, dataset, null);
            }
            float evaluated = l2(model, inputs, labels);
            System.out.printf("loss after training %.3e%n", evaluated);
            assertTrue(evaluated < 1e-4, "loss did not fall below 1e-4: " + evaluated);

            model.save(folder, "spiral");
            try (Model restored = Model.newInstance("spiral")) {
                restored.setBlock(newNetwork());
                restored.load(folder, "spiral");
                NDArray before = predict(model, inputs);
                NDArray after = predict(restored, inputs);
                assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 0f);
                assertEquals(evaluated, l2(restored, inputs, labels), 0f);
            }
        }
    }

    private static SequentialBlock newNetwork() {
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(Linear.builder().setUnits(2).optBias(false).build())
                        .optSolver(
                                OdeSolver.builder()
                                        .optStepSizeController(PidController.of(1e-5, 1e-7))
                                        .build())
                        .optTimes(0, 1)
                        .build();
        return new SequentialBlock().add(ode);
    }

    private static NDArray randomStates(NDManager manager, int count, Random random) {
        float[] values = new float[count * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
        }
        return manager.create(values, new Shape(count, 2));
    }

    /** The transposed flow map exp(A)^T for row-vector states. */
    private static NDArray flowTransposed(NDManager manager) {
        double scale = Math.exp(DECAY);
        double c = scale * Math.cos(ROTATION);
        double s = scale * Math.sin(ROTATION);
        return manager.create(new float[] {(float) c, (float) -s, (float) s, (float) c}, new Shape(2, 2));
    }

    private static NDArray predict(Model model, NDArray inputs) {
        ParameterStore store = new ParameterStore(inputs.getManager(), false);
        return model.getBlock().forward(store, new NDList(inputs), false).singletonOrThrow();
    }

    private static float l2(Model model, NDArray inputs, NDArray labels) {
        NDArray prediction = predict(model, inputs);
        return prediction.sub(labels).square().mean().mul(0.5f).toType(DataType.FLOAT32, false).getFloat();
    }
}
