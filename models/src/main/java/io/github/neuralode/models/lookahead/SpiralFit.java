package io.github.neuralode.models.lookahead;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.ErrorLoss;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.Lookahead;
import io.github.neuralode.train.StatefulOptimizer;

import java.nio.file.Path;
import java.util.Map;

/**
 * A small MLP neural ODE fit, trained with Adam or Lookahead(Adam) through {@link FitLoop}: learn
 * {@code dz/dt = net(z)} (a 2-16-2 tanh MLP, float64) from the damped spiral {@code z(t) =
 * e^(-0.1 t) (2 cos 2t, -2 sin 2t)} sampled every 0.25 on [0, 3] (13 times), solved by RK4 with
 * step 1/16. Loss: half the mean squared error over the whole trajectory (DJL's L2 loss's value, as {@link
 * ErrorLoss#squared} with weight 1/2).
 */
public final class SpiralFit {

    private static final int TIMES = 13;
    private static final double T_END = 3.0;

    private SpiralFit() {}

    /** Which optimizer trains the fit. */
    public enum Method {
        /** Adam, learning rate 0.01. */
        ADAM,
        /** Lookahead (k 5, alpha 0.5) around Adam with learning rate 0.01. */
        LOOKAHEAD_ADAM
    }

    /**
     * Trains the fit.
     *
     * @param method the optimizer
     * @param epochs the number of epochs (one full-trajectory step each)
     * @param seed the seed of initialisation and training
     * @param checkpoints the checkpoint folder (every 10 epochs and at the end), or null
     * @param resume what the checkpoint folder's content means ({@link FitLoop.ResumeMode#NEVER}
     *     without checkpoints)
     * @param metricsCsv where to write per-epoch metrics, or null
     * @param runOptions the caller's options that define the run (recorded in checkpoints and
     *     checked on resume, see {@link FitLoop.Builder#optRunDefinition})
     * @param device the device that holds the model and data and trains
     * @return the fit result; {@code train_loss} per epoch
     */
    public static FitResult train(
            Method method,
            int epochs,
            long seed,
            Path checkpoints,
            FitLoop.ResumeMode resume,
            Path metricsCsv,
            Map<String, String> runOptions,
            Device device) {
        StatefulOptimizer optimizer = optimizer(method);
        double[] times = new double[TIMES];
        for (int i = 0; i < TIMES; i++) {
            times[i] = T_END * i / (TIMES - 1);
        }
        try (NDManager manager = NDManager.newBaseManager(device);
                Model model = Model.newInstance("spiral-" + method, device)) {
            model.setDataType(DataType.FLOAT64);
            model.setBlock(trajectoryModel(times));
            Engine.getInstance().setRandomSeed((int) seed);
            try (Trainer trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(ErrorLoss.squared("L2Loss", 0.5))
                                    .optOptimizer(optimizer)
                                    .optDevices(new Device[] {device}))) {
                trainer.initialize(new Shape(1, 2));
                FitLoop.Builder loop =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(data(manager, times))
                                .optOptimizer(optimizer)
                                .optEpochs(epochs)
                                .optSeed(seed)
                                .optResume(resume)
                                .optRunDefinition(runOptions)
                                .optProgress(FitLoop.ProgressDisplay.NONE);
                if (checkpoints != null) {
                    loop.optCheckpoints(checkpoints, 10);
                }
                if (metricsCsv != null) {
                    loop.optMetricsCsv(metricsCsv);
                }
                return loop.build().fit();
            }
        }
    }

    private static StatefulOptimizer optimizer(Method method) {
        Adam adam = Adam.builder().optLearningRate(0.01).build();
        return method == Method.ADAM
                ? adam
                : Lookahead.builder().setInner(adam).optK(5).optAlpha(0.5).build();
    }

    /** The neural ODE over the sample times, batch first: {@code (batch, times, 2)}. */
    private static SequentialBlock trajectoryModel(double[] times) {
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(mlp())
                        .optSolver(solver())
                        .optTimes(times)
                        .optOutput(OdeOutput.TRAJECTORY)
                        .build();
        return new SequentialBlock()
                .add(ode)
                .add(list -> new NDList(list.singletonOrThrow().transpose(1, 0, 2)));
    }

    private static SequentialBlock mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(2).build());
    }

    private static OdeSolver solver() {
        return OdeSolver.builder()
                .optMethod(Tableaus.RK4)
                .optStepSizeController(new ConstantStepSize(0.0625))
                .build();
    }

    private static ArrayDataset data(NDManager manager, double[] times) {
        double[] labels = new double[TIMES * 2];
        for (int i = 0; i < TIMES; i++) {
            double decay = Math.exp(-0.1 * times[i]);
            labels[2 * i] = decay * 2 * Math.cos(2 * times[i]);
            labels[2 * i + 1] = -decay * 2 * Math.sin(2 * times[i]);
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(new double[][] {{2, 0}}))
                .optLabels(manager.create(labels, new Shape(1, TIMES, 2)))
                .setSampling(1, false)
                .build();
    }
}
