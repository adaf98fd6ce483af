package io.github.neuralode.models.anode;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;

import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitOutputs;
import io.github.neuralode.train.TrainableParameters;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.MetricGoal;
import io.github.neuralode.train.StatefulOptimizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains an image classifier that contains ODE blocks with {@link FitLoop}: softmax cross-entropy
 * on logits, the given optimizer, the adjoint-aware backward pass ({@link OdeBackward}), and after
 * every epoch the test accuracy and loss and the mean function evaluations per training batch.
 *
 * <p>Metrics per epoch (CSV and {@link FitResult}): {@code train_loss}, {@code grad_norm}, {@code
 * test_accuracy} (fraction in [0, 1]), {@code test_loss}, {@code nfe_forward_per_batch}, {@code
 * nfe_backward_per_batch} (the adjoint's evaluations; 0 for direct autograd, whose backward pass
 * runs through the forward evaluations' graph), {@code seconds}. The best checkpoint is the one of
 * the highest test accuracy.
 */
public final class ClassifierFit {

    private final Builder config;

    private ClassifierFit(Builder builder) {
        this.config = builder;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; model, data, input shape and optimizer are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains (or continues training) and returns the history.
     *
     * @return the metrics of every epoch and the parameter count
     */
    public Outcome fit() {
        try (Model model = Model.newInstance("classifier", config.device)) {
            model.setBlock(config.model);
            Engine.getInstance().setRandomSeed((int) config.seed);
            try (Trainer trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                    .optOptimizer(config.optimizer)
                                    .optDevices(new Device[] {config.device}))) {
                trainer.initialize(config.inputShape);
                SolveMeter meter = SolveMeter.attach(config.model);
                FitLoop.Builder loop =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(config.trainingData)
                                .optOptimizer(config.optimizer)
                                .optEpochs(config.epochs)
                                .optSeed(config.seed)
                                .optBackward(OdeBackward::backward)
                                .optBestMetric(MetricGoal.maximize("test_accuracy"))
                                .addEvaluation((t, epoch) -> metrics(t, meter));
                if (config.iterationBudget > 0) {
                    loop.optIterationBudget(config.iterationBudget);
                }
                config.outputs.applyTo(loop);
                FitResult result = loop.build().fit();
                return new Outcome(result, TrainableParameters.count(config.model));
            }
        }
    }

    private Map<String, Double> metrics(Trainer trainer, SolveMeter meter) {
        double[] nfe = meter.drain();
        double[] test = evaluate(trainer, config.testData);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("test_accuracy", test[0]);
        values.put("test_loss", test[1]);
        values.put("nfe_forward_per_batch", nfe[0]);
        values.put("nfe_backward_per_batch", nfe[1]);
        return values;
    }

    /**
     * Returns the accuracy and mean loss of a model on a data set, without recording.
     *
     * @param trainer the trainer holding the model
     * @param data the data set
     * @return {@code {accuracy, mean loss}}
     */
    static double[] evaluate(Trainer trainer, Dataset data) {
        long correct = 0;
        long total = 0;
        double lossSum = 0;
        try {
            for (Batch batch : trainer.iterateDataset(data)) {
                try (batch) {
                    NDArray logits = trainer.evaluate(batch.getData()).singletonOrThrow();
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    NDArray predicted = logits.argMax(1).toType(DataType.INT64, false);
                    correct += predicted.eq(labels.toType(DataType.INT64, false)).countNonzero().getLong();
                    long size = labels.getShape().get(0);
                    lossSum += trainer.getLoss()
                            .evaluate(new NDList(labels), new NDList(logits))
                            .toType(DataType.FLOAT64, false).getDouble() * size;
                    total += size;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot batch the test data", e);
        }
        return new double[] {(double) correct / total, lossSum / total};
    }

    /**
     * The outcome of a fit.
     *
     * @param result the metric history
     * @param parameters the model's trainable parameter count
     */
    public record Outcome(FitResult result, long parameters) {}

    /** Configures a {@link ClassifierFit}. */
    public static final class Builder {

        private Block model;
        private Device device = Device.cpu();
        private Dataset trainingData;
        private Dataset testData;
        private Shape inputShape;
        private StatefulOptimizer optimizer;
        private int epochs = 1;
        private long iterationBudget;
        private long seed;
        private FitOutputs outputs = FitOutputs.NONE;

        private Builder() {}

        /**
         * Sets the classifier (required): inputs to logits {@code (batch, classes)}.
         *
         * @param model the block, not yet initialised
         * @return this builder
         */
        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the device that holds the model and runs training (default CPU).
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the training and test data (required): float inputs, class-index labels.
         *
         * @param training the training set
         * @param test the test set, evaluated after every epoch
         * @return this builder
         */
        public Builder setData(Dataset training, Dataset test) {
            this.trainingData = training;
            this.testData = test;
            return this;
        }

        /**
         * Sets the shape of one input batch (required), e.g. {@code (100, 784)}.
         *
         * @param inputShape the shape the model is initialised with
         * @return this builder
         */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /**
         * Sets the optimizer (required); its state is checkpointed.
         *
         * @param optimizer the optimizer
         * @return this builder
         */
        public Builder setOptimizer(StatefulOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the number of epochs (default 1).
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Caps the training steps in total (default: none).
         *
         * @param iterations at least 1
         * @return this builder
         */
        public Builder optIterationBudget(long iterations) {
            this.iterationBudget = iterations;
            return this;
        }

        /**
         * Sets the seed of initialisation, shuffling and STEER draws (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
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
         * Validates and builds.
         *
         * @return the fit
         * @throws IllegalArgumentException naming a missing setting
         */
        public ClassifierFit build() {
            if (model == null || trainingData == null || testData == null) {
                throw new IllegalArgumentException("setModel(...) and setData(...) are required");
            }
            if (inputShape == null || optimizer == null) {
                throw new IllegalArgumentException(
                        "setInputShape(...) and setOptimizer(...) are required");
            }
            return new ClassifierFit(this);
        }
    }
}
