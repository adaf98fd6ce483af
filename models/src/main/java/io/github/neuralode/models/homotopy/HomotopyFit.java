package io.github.neuralode.models.homotopy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.L2Loss;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.models.trajectory.TrajectoryModel;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.MetricGoal;
import io.github.neuralode.train.StatefulOptimizer;
import io.github.neuralode.train.TrainableParameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Homotopy (synchronization) training of a neural ODE on one measured trajectory (Ko, Koh, Park
 * and Jhe, NeurIPS 2023), and vanilla training with the same machinery: the model field {@code U}
 * is wrapped in {@link CoupledDynamics} with the data's {@link SmoothingSpline} and coupling
 * constant {@code k}; before every epoch the {@link HomotopySchedule} sets {@code lambda}
 * (vanilla: no schedule, {@code lambda = 0} throughout); each epoch is one full-trajectory step on
 * the mean squared error of the coupled solution against the data, gradients through the solver
 * ({@code DIRECT}). The first sample is the initial state.
 *
 * <p>Metrics per epoch, besides {@link FitLoop}'s: {@code lambda} and {@code uncoupled_mse}, the
 * error of the model alone ({@code lambda = 0}) after the step, the quantity the paper selects
 * its best model by; the best checkpoint is chosen by it.
 */
public final class HomotopyFit {

    private final Builder config;

    private HomotopyFit(Builder builder) {
        this.config = builder;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; data, network, solver and optimizer are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a fit leaves.
     *
     * @param history the per-epoch metrics
     * @param parameters the number of trainable values
     * @param prediction the trained model alone ({@code lambda = 0}) at the sample times, {@code
     *     [time][n]}
     */
    public record Outcome(FitResult history, long parameters, double[][] prediction) {}

    /**
     * Trains (or resumes) the model.
     *
     * @return the history and the uncoupled prediction
     */
    public Outcome fit() {
        int n = config.values[0].length;
        SmoothingSpline path = SmoothingSpline.fit(config.times, config.values, config.splineAlpha);
        CoupledDynamics coupled = new CoupledDynamics(config.network, path, config.strength);
        SequentialBlock model =
                TrajectoryModel.of(
                        coupled,
                        config.solver,
                        Sensitivity.DIRECT,
                        TimeInput.APPEND,
                        config.times[0],
                        config.times);
        int epochs = config.schedule == null ? config.epochs : config.schedule.totalEpochs();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Model djlModel = Model.newInstance(config.name, Device.cpu())) {
            djlModel.setDataType(DataType.FLOAT64);
            djlModel.setBlock(model);
            Engine.getInstance().setRandomSeed((int) config.seed);
            DefaultTrainingConfig trainingConfig =
                    new DefaultTrainingConfig(new L2Loss("mse", 1f))
                            .optOptimizer(config.optimizer)
                            .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = djlModel.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, n));
                ArrayDataset data = data(manager);
                FitLoop.Builder loop =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(data)
                                .optOptimizer(config.optimizer)
                                .optEpochs(epochs)
                                .optSeed(config.seed)
                                .optResume(config.resume)
                                .optRunDefinition(config.runDefinition)
                                .optProgress(config.progress)
                                .optBestMetric(MetricGoal.minimize("uncoupled_mse"))
                                .optBeforeEpoch(epoch -> coupled.setLambda(lambdaAt(epoch)))
                                .addEvaluation(
                                        (t, epoch) -> {
                                            Map<String, Double> metrics = new LinkedHashMap<>();
                                            metrics.put("lambda", coupled.getLambda());
                                            metrics.put(
                                                    "uncoupled_mse",
                                                    mse(uncoupled(t, coupled, manager, n)));
                                            return metrics;
                                        });
                if (config.checkpoints != null) {
                    loop.optCheckpoints(config.checkpoints, config.checkpointEvery);
                }
                if (config.metricsCsv != null) {
                    loop.optMetricsCsv(config.metricsCsv);
                }
                FitResult history = loop.build().fit();
                double[][] prediction = uncoupled(trainer, coupled, manager, n);
                return new Outcome(history, TrainableParameters.count(model), prediction);
            }
        }
    }

    /** The coupling of a 1-based epoch: the schedule's level, or 0 for vanilla training. */
    private double lambdaAt(int epoch) {
        return config.schedule == null ? 0.0 : config.schedule.lambdaAt(epoch - 1);
    }

    /** The model alone at the sample times, off the tape; the coupling is restored after. */
    private double[][] uncoupled(
            Trainer trainer, CoupledDynamics coupled, NDManager manager, int n) {
        double lambda = coupled.getLambda();
        coupled.setLambda(0);
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray start = scope.create(config.values[0], new Shape(1, n));
            double[] flat =
                    trainer.evaluate(new NDList(start))
                            .singletonOrThrow()
                            .toType(DataType.FLOAT64, false)
                            .toDoubleArray();
            double[][] states = new double[config.times.length][n];
            for (int i = 0; i < states.length; i++) {
                System.arraycopy(flat, i * n, states[i], 0, n);
            }
            return states;
        } finally {
            coupled.setLambda(lambda);
        }
    }

    private double mse(double[][] prediction) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < prediction.length; i++) {
            for (int j = 0; j < prediction[i].length; j++) {
                double error = prediction[i][j] - config.values[i][j];
                sum += error * error;
                count++;
            }
        }
        return sum / count;
    }

    /** One example: the first sample {@code (1, n)} and all samples {@code (1, T, n)}. */
    private ArrayDataset data(NDManager manager) {
        int n = config.values[0].length;
        double[] flat = new double[config.times.length * n];
        for (int i = 0; i < config.times.length; i++) {
            System.arraycopy(config.values[i], 0, flat, i * n, n);
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(config.values[0], new Shape(1, n)))
                .optLabels(manager.create(flat, new Shape(1, config.times.length, n)))
                .setSampling(1, false)
                .build();
    }

    /** Configures a {@link HomotopyFit}. */
    public static final class Builder {

        private String name = "homotopy-fit";
        private double[] times;
        private double[][] values;
        private Block network;
        private OdeSolver solver;
        private StatefulOptimizer optimizer;
        private HomotopySchedule schedule;
        private int epochs;
        private double strength = 1.0;
        private double splineAlpha;
        private long seed;
        private Path checkpoints;
        private int checkpointEvery = 100;
        private FitLoop.ResumeMode resume = FitLoop.ResumeMode.NEVER;
        private Path metricsCsv;
        private FitLoop.ProgressDisplay progress = FitLoop.ProgressDisplay.NONE;
        private Map<String, String> runDefinition = Map.of();

        private Builder() {}

        /**
         * Sets the measured trajectory; its first sample is the initial state.
         *
         * @param times the sample times, increasing, at least 3
         * @param values the samples {@code [time][n]}
         * @return this builder
         */
        public Builder setData(double[] times, double[][] values) {
            this.times = times.clone();
            this.values = values.clone();
            return this;
        }

        /**
         * Sets the model field {@code U}.
         *
         * @param network a block {@code (batch, n) -> (batch, n)}
         * @return this builder
         */
        public Builder setNetwork(Block network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the solver (the paper: Dopri5).
         *
         * @param solver the solver
         * @return this builder
         */
        public Builder setSolver(OdeSolver solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets the optimizer (the paper: AdamW, weight decay 0.01).
         *
         * @param optimizer the optimizer (its state is checkpointed)
         * @return this builder
         */
        public Builder setOptimizer(StatefulOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Trains with homotopy: the schedule sets {@code lambda} and the epoch count.
         *
         * @param schedule the coupling levels and epochs per level
         * @param strength the coupling constant {@code k}
         * @param splineAlpha the smoothing spline's penalty ({@code 0} interpolates)
         * @return this builder
         */
        public Builder optHomotopy(HomotopySchedule schedule, double strength, double splineAlpha) {
            this.schedule = schedule;
            this.strength = strength;
            this.splineAlpha = splineAlpha;
            return this;
        }

        /**
         * Sets the epochs of vanilla training (without {@link #optHomotopy}).
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the seed of initialisation and of every epoch.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Writes checkpoints.
         *
         * @param folder the checkpoint folder
         * @param everyEpochs the epochs between checkpoints
         * @param resume what a folder that already holds checkpoints means
         * @return this builder
         */
        public Builder optCheckpoints(Path folder, int everyEpochs, FitLoop.ResumeMode resume) {
            this.checkpoints = folder;
            this.checkpointEvery = everyEpochs;
            this.resume = resume;
            return this;
        }

        /**
         * Writes the per-epoch metrics to a CSV file.
         *
         * @param file the file
         * @return this builder
         */
        public Builder optMetricsCsv(Path file) {
            this.metricsCsv = file;
            return this;
        }

        /**
         * Sets the progress display (default none).
         *
         * @param display the display
         * @return this builder
         */
        public Builder optProgress(FitLoop.ProgressDisplay display) {
            this.progress = display;
            return this;
        }

        /**
         * Records the caller's options in checkpoints.
         *
         * @param options the options that define the run
         * @return this builder
         */
        public Builder optRunDefinition(Map<String, String> options) {
            this.runDefinition = Map.copyOf(options);
            return this;
        }

        /**
         * Builds the fit.
         *
         * @return the fit
         * @throws IllegalArgumentException naming a missing or inconsistent setting
         */
        public HomotopyFit build() {
            if (times == null || network == null || solver == null || optimizer == null) {
                throw new IllegalArgumentException(
                        "setData, setNetwork, setSolver and setOptimizer are required");
            }
            if (times.length != values.length) {
                throw new IllegalArgumentException(
                        "setData needs one row of values per time: "
                                + times.length
                                + " times, "
                                + values.length
                                + " rows");
            }
            if (schedule == null && epochs < 1) {
                throw new IllegalArgumentException(
                        "give optHomotopy(schedule, k, alpha) or, for vanilla training,"
                                + " optEpochs(n >= 1); got neither");
            }
            return new HomotopyFit(this);
        }
    }
}
