package io.github.neuralode.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;

/** Small float64 regression problems and models shared by the training tests. */
final class TrainingFixtures {

    private TrainingFixtures() {}

    /** Returns a float64 regression set: 32 samples, 2 features, target 2 x0 - x1 + a sine. */
    static ArrayDataset regression(NDManager manager, int batchSize, boolean shuffle) {
        double[][] x = new double[32][2];
        double[][] y = new double[32][1];
        for (int i = 0; i < 32; i++) {
            x[i][0] = Math.cos(0.7 * i);
            x[i][1] = Math.sin(1.3 * i) * 0.5;
            y[i][0] = 2 * x[i][0] - x[i][1] + 0.3 * Math.sin(3 * x[i][0]);
        }
        NDArray data = manager.create(x);
        NDArray labels = manager.create(y);
        return new ArrayDataset.Builder()
                .setData(data)
                .optLabels(labels)
                .setSampling(batchSize, shuffle)
                .build();
    }

    /**
     * Returns a float64 least-squares problem with Hessian diag(1, 0.1) under DJL's L2 loss
     * (features +-1 and +-sqrt(0.1), orthogonal), exact solution w = (2, -1), minimum 0.
     */
    static ArrayDataset stiffRegression(NDManager manager) {
        double[][] x = new double[32][2];
        double[][] y = new double[32][1];
        for (int i = 0; i < 32; i++) {
            x[i][0] = i % 2 == 0 ? 1 : -1;
            x[i][1] = Math.sqrt(0.1) * ((i / 2) % 2 == 0 ? 1 : -1);
            y[i][0] = 2 * x[i][0] - x[i][1];
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(x))
                .optLabels(manager.create(y))
                .setSampling(32, false)
                .build();
    }

    /** Returns a float64 linear model without bias, 2 inputs, 1 output. */
    static Model linearWithoutBias() {
        Model model = Model.newInstance("linear", Device.cpu());
        model.setDataType(DataType.FLOAT64);
        model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
        return model;
    }

    /** Returns a float64 model: a linear layer, or a 2-8-1 tanh MLP. */
    static Model model(boolean mlp) {
        Model model = Model.newInstance("fixture", Device.cpu());
        model.setDataType(DataType.FLOAT64);
        if (mlp) {
            model.setBlock(
                    new SequentialBlock()
                            .add(Linear.builder().setUnits(8).build())
                            .add(Activation::tanh)
                            .add(Linear.builder().setUnits(1).build()));
        } else {
            model.setBlock(Linear.builder().setUnits(1).build());
        }
        return model;
    }

    /** Returns an initialized trainer (L2 loss, CPU) with parameters drawn from a seed. */
    static Trainer trainer(Model model, Optimizer optimizer, int initSeed, int batchSize) {
        Engine.getInstance().setRandomSeed(initSeed);
        Trainer trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.l2Loss())
                                .optOptimizer(optimizer)
                                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(new Shape(batchSize, 2));
        return trainer;
    }
}
