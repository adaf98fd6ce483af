package io.github.neuralode.experiments.anode;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.models.anode.SolveMeter;
import io.github.neuralode.models.augment.ZeroPadding;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.ErrorLoss;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.TrainableParameters;

import java.nio.file.Path;
import java.util.Map;

/**
 * One model of the {@code sines} command: an autonomous neural ODE fitted to one time series
 * from a zero start, its first coordinate read as the series.
 *
 * <p>Model: {@code [ZeroPadding(p)], OdeBlock, first coordinate}: the state {@code (1, 1 + p)}
 * starts at zero, flows under {@code dz/dt = f(z)} with {@code f = Mlp.tanh(1 + p, 32, 32)}
 * (Glorot weights, no time input), solved by Dopri5 with a PID controller at rtol 1e-3, atol 1e-4
 * and direct autograd, and is output at every sample time ({@link OdeOutput#TRAJECTORY}, the
 * first time being the start); the output is {@code z_1} at those times, batch first: {@code (1,
 * times, 1)}.
 *
 * <p>Training: full batch (the one trajectory), plain mean squared error over the trajectory's
 * first coordinate ({@link ErrorLoss#squared} with weight 1), Adam with learning rate 1e-2, one step per
 * {@link FitLoop} epoch. Metrics per iteration ({@link FitResult} and the metrics CSV): {@code
 * train_loss} (the MSE before the step), {@code nfe_forward_per_batch} (that pass's forward
 * function evaluations), {@code grad_norm}, {@code seconds}.
 */
final class SinesFit {

    /** Adam's learning rate. */
    static final double LEARNING_RATE = 1e-2;
    /** Dopri5's relative tolerance. */
    static final double RTOL = 1e-3;
    /** Dopri5's absolute tolerance. */
    static final double ATOL = 1e-4;
    /** The width of both hidden layers of the vector field. */
    static final int HIDDEN = 32;

    private SinesFit() {}

    /**
     * What one trained model leaves for the report.
     *
     * @param name the model's name, {@code NODE} or {@code ANODE}
     * @param history the per-iteration metrics
     * @param parameters the trainable parameter count
     * @param initialMse the MSE of the initial parameters
     * @param finalMse the MSE after the last step
     * @param trajectory the trained model's first coordinate at every sample time
     */
    record Outcome(
            String name,
            FitResult history,
            long parameters,
            double initialMse,
            double finalMse,
            float[] trajectory) {

        /**
         * Returns a metric's value in the last iteration.
         *
         * @param metric the metric's name
         * @return its last value
         */
        double last(String metric) {
            return history.last(metric);
        }
    }

    /**
     * Trains a model on a series.
     *
     * @param name the model's name
     * @param extra the zero dimensions {@code p} appended to the 1-D state (0 for the plain NODE)
     * @param times the sample times, increasing, the first being the start (where the series is 0)
     * @param values the series at those times
     * @param iterations the Adam steps
     * @param seed the seed of initialisation
     * @param metricsCsv the per-iteration metrics file
     * @param device the device that holds the model and data and trains
     * @return the history and the fitted trajectory
     */
    static Outcome run(
            String name,
            int extra,
            double[] times,
            float[] values,
            int iterations,
            long seed,
            Path metricsCsv,
            Device device) {
        SequentialBlock block = model(extra, times);
        try (NDManager manager = NDManager.newBaseManager(device);
                Model model = Model.newInstance("sines-" + name, device)) {
            model.setBlock(block);
            Engine.getInstance().setRandomSeed((int) seed);
            Adam adam = Adam.builder().optLearningRate(LEARNING_RATE).build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(ErrorLoss.squared("mse", 1))
                            .optOptimizer(adam)
                            .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1));
                SolveMeter meter = SolveMeter.attach(block);
                double initialMse = mse(predict(trainer, manager), values);
                FitResult history =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(series(manager, values))
                                .optOptimizer(adam)
                                .optEpochs(iterations)
                                .optSeed(seed)
                                .optMetricsCsv(metricsCsv)
                                .optProgress(FitLoop.ProgressDisplay.NONE)
                                .addEvaluation(
                                        (t, epoch) ->
                                                Map.of("nfe_forward_per_batch", meter.drain()[0]))
                                .build()
                                .fit();
                float[] trajectory = predict(trainer, manager);
                return new Outcome(
                        name,
                        history,
                        TrainableParameters.count(block),
                        initialMse,
                        mse(trajectory, values),
                        trajectory);
            }
        }
    }

    /** {@code [ZeroPadding(extra)], OdeBlock(TRAJECTORY), z_1 batch first}. */
    private static SequentialBlock model(int extra, double[] times) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.DOPRI5)
                        .optStepSizeController(PidController.of(RTOL, ATOL))
                        .build();
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(Mlp.tanh(1 + extra, HIDDEN, HIDDEN))
                        .optSolver(solver)
                        .optTimes(times)
                        .optOutput(OdeOutput.TRAJECTORY)
                        .build();
        SequentialBlock model = new SequentialBlock();
        if (extra > 0) {
            model.add(new ZeroPadding(extra));
        }
        // (times, 1, 1 + p) -> (1, times, 1): the first coordinate, batch first like the labels.
        return model.add(ode)
                .add(LambdaBlock.singleton(z -> z.get(":, :, 0:1").transpose(1, 0, 2)));
    }

    /** One example: the zero start {@code (1)} and the series {@code (times, 1)}. */
    private static ArrayDataset series(NDManager manager, float[] values) {
        return new ArrayDataset.Builder()
                .setData(manager.zeros(new Shape(1, 1)))
                .optLabels(manager.create(values, new Shape(1, values.length, 1)))
                .setSampling(1, false)
                .build();
    }

    /** The model's first coordinate at every sample time, off the tape. */
    private static float[] predict(Trainer trainer, NDManager manager) {
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDList start = new NDList(scope.zeros(new Shape(1, 1)));
            return trainer.evaluate(start).singletonOrThrow().toFloatArray();
        }
    }

    private static double mse(float[] predicted, float[] values) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double error = predicted[i] - (double) values[i];
            sum += error * error;
        }
        return sum / values.length;
    }
}
