package io.github.neuralode.models.stiff;

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
import ai.djl.training.loss.Loss;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.SolveListener;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.models.trajectory.TrajectoryModel;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SolveStats;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitOutputs;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.GradientTransform;
import io.github.neuralode.train.StatefulOptimizer;
import io.github.neuralode.train.TrainableParameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fits a neural ODE to one sampled trajectory of a (stiff) system, one full-trajectory step per
 * epoch, as the stiff neural ODE paper trains ROBER and POLLU: the model maps the initial state
 * {@code (1, n)} to the predicted states at the sample times {@code (1, T, n)} through an {@link
 * OdeBlock} with the given solver and direct (autograd) gradients.
 *
 * <p>Per epoch, besides {@link FitLoop}'s {@code train_loss}, {@code grad_norm} and {@code
 * seconds}, the metrics hold the normalised mean absolute error (eq. 14 of the paper, with the
 * metric scale given here) of the prediction the step was computed from, overall ({@code
 * normalized_mae}) and per component ({@code normalized_mae_<name>}), and the training solve's
 * counters: {@code forward_nfe}, {@code steps}, {@code rejected_steps}, {@code stiff_steps},
 * {@code jacobians}, {@code forward_seconds} (the forward solve's wall time) and {@code
 * reached_times}. These come from the training pass itself, so no epoch pays for an extra solve.
 *
 * <p>A training solve that stops early: with a solver set to {@code OnFailure.RETURN}, the loss
 * and its gradient cover the sample times the solve reached ({@code reached_times} of them), as
 * the stiff neural ODE authors' code does (its loss compares the {@code size(pred, 2)} columns
 * that Julia's solver returned), so a step that makes the dynamics blow up late in the span is
 * corrected by the next step instead of ending the run; with {@code OnFailure.THROW} the fit
 * stops with {@code TrainingFailedException} and its last good checkpoint. No reached time at
 * all gives a NaN loss, which stops it too.
 */
public final class StiffFit {

    private final Builder config;

    private StiffFit(Builder builder) {
        this.config = builder;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; every {@code set} method is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a fit leaves.
     *
     * @param history the per-epoch metrics
     * @param parameters the number of trainable values
     * @param finalPrediction the trained model's states at the sample times, {@code [time][n]}
     * @param finalNormalizedMae the trained model's normalised MAE per component
     */
    public record Outcome(
            FitResult history,
            long parameters,
            double[][] finalPrediction,
            double[] finalNormalizedMae) {

        /**
         * Returns the mean of {@link #finalNormalizedMae}.
         *
         * @return the trained model's normalised MAE over all components
         */
        public double finalMeanNormalizedMae() {
            double sum = 0;
            for (double value : finalNormalizedMae) {
                sum += value;
            }
            return sum / finalNormalizedMae.length;
        }
    }

    /**
     * Trains (or resumes) the model.
     *
     * @return the history and the trained model's prediction
     */
    public Outcome fit() {
        int n = config.initialState.length;
        SequentialBlock model =
                TrajectoryModel.of(
                        config.vectorField,
                        config.solver,
                        Sensitivity.DIRECT,
                        TimeInput.NONE,
                        config.t0,
                        config.times);
        OdeBlock ode = (OdeBlock) model.getChildren().get(0).getValue();
        AtomicReference<SolveStats> trainingSolve = new AtomicReference<>();
        ode.addSolveListener(
                (SolveListener)
                        (solution, training) -> {
                            if (training) {
                                trainingSolve.set(solution.stats());
                            }
                        });
        NormalizedMaeLoss metric = new NormalizedMaeLoss("normalized_mae", config.metricScale);
        try (NDManager manager = NDManager.newBaseManager(config.device);
                Model djlModel = Model.newInstance(config.name, config.device)) {
            djlModel.setDataType(DataType.FLOAT64);
            djlModel.setBlock(model);
            Engine.getInstance().setRandomSeed((int) config.seed);
            DefaultTrainingConfig trainingConfig =
                    new DefaultTrainingConfig(config.loss)
                            .optOptimizer(config.optimizer)
                            .optDevices(new Device[] {config.device});
            try (Trainer trainer = djlModel.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(1, n));
                AtomicReference<double[]> stepErrors = new AtomicReference<>();
                AtomicInteger reachedTimes = new AtomicInteger();
                FitLoop.Builder loop =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(
                                        TrajectoryModel.dataset(
                                                manager, config.initialState, config.values))
                                .optOptimizer(config.optimizer)
                                .optEpochs(config.epochs)
                                .optSeed(config.seed)
                                .optGradientTransform(config.gradientTransform)
                                .optLossFunction(
                                        (t, batch) -> {
                                            NDArray prediction =
                                                    t.forward(batch.getData()).singletonOrThrow();
                                            NDArray label = batch.getLabels().singletonOrThrow();
                                            int reached = reachedTimes(prediction);
                                            reachedTimes.set(reached);
                                            if (reached < config.times.length) {
                                                String range = ":, 0:" + reached + ", :";
                                                prediction = prediction.get(range);
                                                label = label.get(range);
                                            }
                                            try (Autograd.GradModeScope paused = Autograd.pause()) {
                                                stepErrors.set(
                                                        metric.perComponent(label, prediction));
                                            }
                                            return t.getLoss()
                                                    .evaluate(
                                                            new NDList(label),
                                                            new NDList(prediction));
                                        })
                                .addEvaluation(
                                        (t, epoch) ->
                                                epochMetrics(
                                                        stepErrors.get(),
                                                        trainingSolve.get(),
                                                        reachedTimes.get()));
                config.evaluations.forEach(loop::addEvaluation);
                config.outputs.applyTo(loop);
                FitResult history = loop.build().fit();
                double[][] prediction = predict(trainer, manager, n);
                double[] errors = normalizedErrors(metric, manager, prediction);
                return new Outcome(history, TrainableParameters.count(model), prediction, errors);
            }
        }
    }

    /**
     * The number of leading sample times at which every value of the prediction {@code (1, T, n)}
     * is finite: all of them unless the solve stopped early (a solver with {@code
     * OnFailure.RETURN} leaves the times it never reached NaN).
     */
    private static int reachedTimes(NDArray prediction) {
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDManager scope = prediction.getManager().newSubManager()) {
            NDArray bad = prediction.isNaN().logicalOr(prediction.isInfinite());
            bad.attach(scope);
            double[] badPerTime =
                    bad.toType(DataType.FLOAT64, false).sum(new int[] {0, 2}).toDoubleArray();
            for (int i = 0; i < badPerTime.length; i++) {
                if (badPerTime[i] > 0) {
                    return i;
                }
            }
            return badPerTime.length;
        }
    }

    private Map<String, Double> epochMetrics(double[] errors, SolveStats stats, int reached) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double sum = 0;
        for (double e : errors) {
            sum += e;
        }
        metrics.put("normalized_mae", sum / errors.length);
        for (int i = 0; i < errors.length; i++) {
            metrics.put("normalized_mae_" + config.componentNames[i], errors[i]);
        }
        metrics.put("forward_nfe", (double) stats.functionEvaluations());
        metrics.put("steps", (double) stats.acceptedSteps());
        metrics.put("rejected_steps", (double) stats.rejectedSteps());
        metrics.put("stiff_steps", (double) stats.method().stiffSteps());
        metrics.put("jacobians", (double) stats.method().jacobians());
        metrics.put("forward_seconds", stats.wallNanos() / 1e9);
        metrics.put("reached_times", (double) reached);
        return metrics;
    }

    /** One example: the initial state {@code (1, n)} and the samples {@code (1, T, n)}. */
    private double[][] predict(Trainer trainer, NDManager manager, int n) {
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray start = scope.create(config.initialState, new Shape(1, n));
            return TrajectoryModel.rows(trainer.evaluate(new NDList(start)).singletonOrThrow(), n);
        }
    }

    private double[] normalizedErrors(
            NormalizedMaeLoss metric, NDManager manager, double[][] prediction) {
        try (NDManager scope = manager.newSubManager()) {
            return metric.perComponent(scope.create(config.values), scope.create(prediction));
        }
    }

    /** Configures a {@link StiffFit}. */
    public static final class Builder {

        private String name = "stiff-fit";
        private double t0 = Double.NaN;
        private double[] initialState;
        private double[] times;
        private double[][] values;
        private String[] componentNames;
        private double[] metricScale;
        private Block vectorField;
        private OdeSolver solver;
        private Loss loss;
        private StatefulOptimizer optimizer;
        private GradientTransform gradientTransform = GradientTransform.none();
        private int epochs = 1;
        private long seed;
        private FitOutputs outputs = FitOutputs.NONE;
        private Device device = Device.cpu();
        private final List<FitLoop.Evaluation> evaluations = new ArrayList<>();

        private Builder() {}

        /**
         * Adds metrics computed after every epoch, after the fit's own (for example the time spent
         * in a timed Jacobian method).
         *
         * @param evaluation the callback
         * @return this builder
         */
        public Builder addEvaluation(FitLoop.Evaluation evaluation) {
            evaluations.add(evaluation);
            return this;
        }

        /**
         * Sets the data: one trajectory sampled at increasing times.
         *
         * @param t0 the time of the initial state, at or before {@code times[0]}
         * @param initialState the state at {@code t0}, {@code n} values
         * @param times the sample times, increasing; a first sample at {@code t0} is the start
         * @param values the true states {@code [time][n]}
         * @param componentNames a short name per component, for metric keys
         * @return this builder
         */
        public Builder setData(
                double t0,
                double[] initialState,
                double[] times,
                double[][] values,
                String... componentNames) {
            this.t0 = t0;
            this.initialState = initialState.clone();
            this.times = times.clone();
            this.values = values.clone();
            this.componentNames = componentNames.clone();
            return this;
        }

        /**
         * Sets the scale of the normalised-MAE metric (whatever the training loss).
         *
         * @param scale one positive value per component
         * @return this builder
         */
        public Builder setMetricScale(double... scale) {
            this.metricScale = scale.clone();
            return this;
        }

        /**
         * Sets the network computing {@code dy/dt}.
         *
         * @param vectorField a block from {@code (batch, n)} to {@code (batch, n)}
         * @return this builder
         */
        public Builder setVectorField(Block vectorField) {
            this.vectorField = vectorField;
            return this;
        }

        /**
         * Sets the solver of the training and prediction solves.
         *
         * @param solver the solver
         * @return this builder
         */
        public Builder setSolver(OdeSolver solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets the training loss of predictions {@code (1, T, n)} against the samples.
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Sets the optimizer.
         *
         * @param optimizer the optimizer (its state is checkpointed)
         * @return this builder
         */
        public Builder setOptimizer(StatefulOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the gradient transform applied before every step (default none).
         *
         * @param transform e.g. {@code GradientTransform.normalizeTo(100)}
         * @return this builder
         */
        public Builder optGradientTransform(GradientTransform transform) {
            this.gradientTransform = transform;
            return this;
        }

        /**
         * Sets the number of epochs (one full-trajectory step each).
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
         * Sets the model's name.
         *
         * @param name the DJL model name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
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
        public StiffFit build() {
            if (initialState == null) {
                throw new IllegalArgumentException("setData is required");
            }
            if (vectorField == null || solver == null || loss == null || optimizer == null) {
                throw new IllegalArgumentException(
                        "setVectorField, setSolver, setLoss and setOptimizer are required");
            }
            int n = initialState.length;
            if (metricScale == null || metricScale.length != n) {
                throw new IllegalArgumentException(
                        "setMetricScale needs one scale per component (" + n + ")");
            }
            if (componentNames.length != n) {
                throw new IllegalArgumentException(
                        "setData needs one component name per component ("
                                + n
                                + "), got "
                                + componentNames.length);
            }
            if (times.length != values.length) {
                throw new IllegalArgumentException(
                        "setData needs one row of values per time: "
                                + times.length
                                + " times, "
                                + values.length
                                + " rows");
            }
            if (!(times[0] >= t0)) {
                throw new IllegalArgumentException(
                        "the first sample time " + times[0] + " lies before t0 = " + t0);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("optEpochs must be at least 1, got " + epochs);
            }
            return new StiffFit(this);
        }
    }
}
