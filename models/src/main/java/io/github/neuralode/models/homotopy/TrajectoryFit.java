package io.github.neuralode.models.homotopy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.models.trajectory.TrajectoryModel;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolveException;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.train.CheckpointStore;
import io.github.neuralode.train.ErrorLoss;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitOutputs;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.MetricGoal;
import io.github.neuralode.train.StatefulOptimizer;
import io.github.neuralode.train.TrainableParameters;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Trains a model field {@code U} on one measured trajectory by a {@link FitMethod}: homotopy
 * (synchronization) training (Ko, Koh, Park and Jhe, NeurIPS 2023), vanilla training or multiple
 * shooting, on the same machinery ({@link FitLoop}, one full-trajectory step per epoch, gradients
 * through the solver). The first sample is the initial state; the network sees the state alone.
 *
 * <p>Homotopy wraps {@code U} in {@link CoupledDynamics} with the data's {@link SmoothingSpline}
 * and sets {@code lambda} before every epoch from the {@link HomotopySchedule}; vanilla solves
 * {@code U} alone; multiple shooting trains a {@link MultipleShootingModel} on a {@link
 * ShootingLoss}. After every epoch the model alone ({@code lambda = 0}, one solve from the first
 * sample) is evaluated at the training samples and at the held-out samples after them: metrics
 * {@code uncoupled_mse} (the quantity the paper selects its model by; the best checkpoint is
 * chosen by it), {@code heldout_mse} when held-out samples are given, and {@code lambda} for
 * homotopy. A model whose solve fails scores {@code +Infinity}. A training step that fails (a
 * non-finite loss or gradient, or a failed solve: the learned dynamics diverged) ends the fit
 * there ({@code history().reason()} is {@code FAILED}) with the epochs before it. The {@link
 * Outcome} holds the best epoch's errors and predictions.
 */
public final class TrajectoryFit {

    private final Builder config;

    private TrajectoryFit(Builder builder) {
        this.config = builder;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; data, network, solver, optimizer and method are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a fit leaves: the best epoch by {@code uncoupled_mse} and its model's predictions.
     *
     * @param history the per-epoch metrics
     * @param parameters the number of trainable values (network, and offsets for multiple
     *     shooting)
     * @param bestEpoch the 1-based epoch of the lowest {@code uncoupled_mse} (0 if training failed
     *     in its first epoch)
     * @param interpolationMse that epoch's MSE at the training samples
     * @param heldOutMse its MSE at the held-out samples, NaN without them
     * @param times the training then the held-out sample times
     * @param prediction the best model alone at {@code times}, {@code [time][n]}
     */
    public record Outcome(
            FitResult history,
            long parameters,
            int bestEpoch,
            double interpolationMse,
            double heldOutMse,
            double[] times,
            double[][] prediction) {}

    /** The model, loss and per-epoch hook of one method. */
    private record Setup(Block model, Loss loss, IntConsumer beforeEpoch, DoubleSupplier lambda) {}

    /**
     * Trains (or resumes) the model.
     *
     * @return the best epoch and its predictions
     */
    public Outcome fit() {
        int n = config.values[0].length;
        Setup setup = setup();
        double[] allTimes = concat(config.times, config.heldOutTimes);
        BestPrediction best = new BestPrediction();
        try (NDManager manager = NDManager.newBaseManager(config.device);
                Model djlModel = Model.newInstance(config.name, config.device)) {
            djlModel.setDataType(DataType.FLOAT64);
            djlModel.setBlock(setup.model());
            Engine.getInstance().setRandomSeed((int) config.seed);
            DefaultTrainingConfig trainingConfig =
                    new DefaultTrainingConfig(setup.loss())
                            .optOptimizer(config.optimizer)
                            .optDevices(new Device[] {config.device});
            try (Trainer trainer = djlModel.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, n));
                FitLoop.Builder loop =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(
                                        TrajectoryModel.dataset(
                                                manager, config.values[0], config.values))
                                .optOptimizer(config.optimizer)
                                .optEpochs(config.method.epochs())
                                .optSeed(config.seed)
                                .optBestMetric(MetricGoal.minimize("uncoupled_mse"))
                                .optStopOnFailure(true)
                                .optBeforeEpoch(setup.beforeEpoch())
                                .addEvaluation(
                                        (t, epoch) -> {
                                            Map<String, Double> metrics = new LinkedHashMap<>();
                                            if (setup.lambda() != null) {
                                                metrics.put("lambda", setup.lambda().getAsDouble());
                                            }
                                            double[][] prediction = predict(manager, allTimes);
                                            double[] errors = errors(prediction);
                                            metrics.put("uncoupled_mse", errors[0]);
                                            if (config.heldOutTimes.length > 0) {
                                                metrics.put("heldout_mse", errors[1]);
                                            }
                                            best.offer(epoch, errors, prediction);
                                            return metrics;
                                        });
                config.outputs.applyTo(loop);
                FitResult history = loop.build().fit();
                int bestEpoch = history.bestEpoch();
                if (bestEpoch > 0
                        && best.epoch != bestEpoch
                        && config.outputs.checkpoints().isPresent()) {
                    // the best epoch ran before a resume: its model is the best checkpoint
                    new CheckpointStore(config.outputs.checkpoints().get())
                            .load(CheckpointStore.Kind.BEST, setup.model(), null, manager);
                    double[][] prediction = predict(manager, allTimes);
                    best.epoch = bestEpoch;
                    best.errors = errors(prediction);
                    best.prediction = prediction;
                }
                double[] errors =
                        best.errors != null ? best.errors : new double[] {Double.NaN, Double.NaN};
                return new Outcome(
                        history,
                        TrainableParameters.count(setup.model()),
                        bestEpoch,
                        errors[0],
                        config.heldOutTimes.length > 0 ? errors[1] : Double.NaN,
                        allTimes,
                        best.prediction);
            }
        }
    }

    private Setup setup() {
        double t0 = config.times[0];
        if (config.method instanceof FitMethod.Homotopy homotopy) {
            SmoothingSpline path =
                    SmoothingSpline.fit(config.times, config.values, homotopy.splineAlpha());
            CoupledDynamics coupled = new CoupledDynamics(config.network, path, homotopy.strength());
            Block model =
                    TrajectoryModel.of(
                            coupled,
                            config.solver,
                            Sensitivity.DIRECT,
                            TimeInput.APPEND,
                            t0,
                            config.times);
            return new Setup(
                    model,
                    ErrorLoss.squared("mse", 1),
                    epoch -> coupled.setLambda(homotopy.schedule().lambdaAt(epoch - 1)),
                    coupled::getLambda);
        }
        if (config.method instanceof FitMethod.MultipleShooting shooting) {
            return new Setup(
                    new MultipleShootingModel(
                            config.network,
                            config.solver,
                            config.times,
                            config.values,
                            shooting.intervals()),
                    new ShootingLoss("loss", shooting.continuityWeight()),
                    epoch -> {},
                    null);
        }
        return new Setup(
                TrajectoryModel.of(
                        config.network,
                        config.solver,
                        Sensitivity.DIRECT,
                        TimeInput.NONE,
                        t0,
                        config.times),
                ErrorLoss.squared("mse", 1),
                epoch -> {},
                null);
    }

    /** The model alone from the first sample at {@code times}, off the tape; null on failure. */
    private double[][] predict(NDManager manager, double[] times) {
        int n = config.values[0].length;
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray start = scope.create(config.values[0], new Shape(1, n));
            VectorField field =
                    VectorFieldBlock.fieldOf(
                            config.network,
                            new ParameterStore(scope, false),
                            start,
                            false,
                            TimeInput.NONE);
            return TrajectoryModel.rows(
                    config.solver.solve(field, start, SaveAt.times(times)).outputs(), n);
        } catch (OdeSolveException e) {
            return null;
        }
    }

    /** The MSE at the training and at the held-out samples; infinite for a failed solve. */
    private double[] errors(double[][] prediction) {
        if (prediction == null) {
            return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        int trained = config.times.length;
        double[][] trainedPart = Arrays.copyOfRange(prediction, 0, trained);
        double[][] heldOutPart = Arrays.copyOfRange(prediction, trained, prediction.length);
        return new double[] {mse(trainedPart, config.values), mse(heldOutPart, config.heldOutValues)};
    }

    private static double mse(double[][] prediction, double[][] truth) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < prediction.length; i++) {
            for (int j = 0; j < prediction[i].length; j++) {
                double error = prediction[i][j] - truth[i][j];
                sum += error * error;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double[] concat(double[] first, double[] second) {
        double[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** The lowest {@code uncoupled_mse} seen in this process, with its errors and prediction. */
    private static final class BestPrediction {
        private int epoch = -1;
        private double[] errors;
        private double[][] prediction;

        void offer(int epoch, double[] errors, double[][] prediction) {
            if (this.errors == null || errors[0] < this.errors[0]) {
                this.epoch = epoch;
                this.errors = errors;
                this.prediction = prediction;
            }
        }
    }

    /** Configures a {@link TrajectoryFit}. */
    public static final class Builder {

        private String name = "homotopy-fit";
        private double[] times;
        private double[][] values;
        private Block network;
        private OdeSolver solver;
        private StatefulOptimizer optimizer;
        private FitMethod method;
        private double[] heldOutTimes = new double[0];
        private double[][] heldOutValues = new double[0][];
        private long seed;
        private FitOutputs outputs = FitOutputs.NONE;
        private Device device = Device.cpu();

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
         * Sets the model's name (in checkpoints).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the training method.
         *
         * @param method homotopy, vanilla or multiple shooting, with its settings
         * @return this builder
         */
        public Builder setMethod(FitMethod method) {
            this.method = method;
            return this;
        }

        /**
         * Sets held-out samples after the training window, at which every epoch's model alone is
         * scored ({@code heldout_mse}) and the best model predicts (extrapolation).
         *
         * @param times the held-out times, increasing, after the last training time
         * @param values the held-out samples {@code [time][n]}
         * @return this builder
         */
        public Builder optHeldOut(double[] times, double[][] values) {
            this.heldOutTimes = times.clone();
            this.heldOutValues = values.clone();
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
         * Sets the device that trains (default the CPU); data, model and solves live there.
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets what the fit writes and shows: checkpoints, the metrics CSV, the progress display
         * and the run's definition (default {@link FitOutputs#NONE}).
         *
         * @param outputs the outputs
         * @return this builder
         */
        public Builder optOutputs(FitOutputs outputs) {
            this.outputs = outputs;
            return this;
        }

        /**
         * Builds the fit.
         *
         * @return the fit
         * @throws IllegalArgumentException naming a missing or inconsistent setting
         */
        public TrajectoryFit build() {
            if (times == null || network == null || solver == null || optimizer == null
                    || method == null) {
                throw new IllegalArgumentException(
                        "setData, setNetwork, setSolver, setOptimizer and setMethod are required");
            }
            if (times.length != values.length || heldOutTimes.length != heldOutValues.length) {
                throw new IllegalArgumentException(
                        "setData and optHeldOut need one row of values per time: "
                                + times.length
                                + " times and "
                                + values.length
                                + " rows; "
                                + heldOutTimes.length
                                + " held-out times and "
                                + heldOutValues.length
                                + " rows");
            }
            if (times.length < 3) {
                throw new IllegalArgumentException(
                        "setData needs at least 3 samples, got " + times.length);
            }
            for (int i = 1; i < times.length + heldOutTimes.length; i++) {
                double previous = i - 1 < times.length ? times[i - 1] : heldOutTimes[i - 1 - times.length];
                double current = i < times.length ? times[i] : heldOutTimes[i - times.length];
                if (!(current > previous)) {
                    throw new IllegalArgumentException(
                            "the training then the held-out times must increase; time "
                                    + i
                                    + " is "
                                    + current
                                    + " after "
                                    + previous);
                }
            }
            return new TrajectoryFit(this);
        }
    }
}
