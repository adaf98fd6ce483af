package io.github.neuralode.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.util.ProgressBar;
import ai.djl.translate.TranslateException;
import ai.djl.util.Preconditions;

import io.github.neuralode.engine.HostReads;
import io.github.neuralode.engine.OwnedArrays;
import io.github.neuralode.solver.OdeSolveException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * Trains a DJL {@link Trainer} for a number of epochs or training steps, with a progress bar,
 * per-epoch metrics (memory and CSV), evaluation callbacks, early stopping, a best checkpoint,
 * periodic checkpoints, gradient clipping or normalisation, and exact resume.
 *
 * <pre>{@code
 * FitResult result = FitLoop.builder()
 *         .setTrainer(trainer)               // its config uses `optimizer`
 *         .setTrainingData(trainSet)
 *         .optOptimizer(optimizer)           // a StatefulOptimizer: its state is checkpointed
 *         .optValidationData(validationSet)
 *         .optEpochs(50)
 *         .optGradientTransform(GradientTransform.clipGlobalNorm(1.0))
 *         .optCheckpoints(Path.of("run/checkpoints"), 5)
 *         .optResume(ResumeMode.IF_PRESENT)
 *         .optRunDefinition(Map.of("dataset", "spiral-v2"))
 *         .optBestMetric(MetricGoal.minimize("validation_loss"))
 *         .build()
 *         .fit();
 * }</pre>
 *
 * <p>One training step: forward and loss inside a {@link GradientCollector} (the {@link
 * LossFunction}, by default the trainer's loss of {@code trainer.forward(data)}), backward (the
 * {@link Backward}, by default {@code collector.backward(loss)}; replace it for adjoint
 * sensitivities), the gradient transform, a finiteness check of loss and gradient norm, then
 * {@code trainer.step()}. Metrics per epoch: {@code train_loss} (mean over batches), {@code
 * grad_norm} (mean global norm before the transform), {@code validation_loss} with validation
 * data, and whatever the {@link Evaluation} callbacks return.
 *
 * <p>Failures: a NaN or infinite loss or gradient norm ({@link NonFiniteTrainingException}) or an
 * ODE solve that fails in a training step or in the metrics pass (a {@link
 * TrainingFailedException} caused by the solver's {@link OdeSolveException}) ends training with
 * the epoch, the iteration and the last good checkpoint in the message; the failed step updates
 * no parameter and no checkpoint of the broken state is written.
 *
 * <p>Determinism and resume: before every epoch all of DJL's random generators are seeded from
 * (seed, epoch); checkpoints hold parameters, optimizer state, epoch, iterations, seed and metric
 * history. A run resumed from the checkpoint of epoch e therefore repeats epochs e+1... exactly
 * as an uninterrupted run with the same seed (bitwise on CPU). Loss values are read as float64.
 *
 * <p>Checkpoint rules (see {@link CheckpointStore} for the folder layout): {@link #fit()} holds
 * the folder's lock from start to end, also when it throws, so a second run on the same folder is
 * refused. A fresh run gets a new run id (a UUID); a resumed run keeps the id of the run it
 * continues, and only folders with this id are ever replaced. Every checkpoint records the {@link
 * RunDefinition} (seed, epochs, iteration budget, optimizer and its settings, gradient transform,
 * model parameter names, shapes and data type, {@link Builder#optRunDefinition caller options});
 * a resume refuses a checkpoint of another definition, naming each difference. The {@link
 * ResumeMode} decides what a folder that holds checkpoints, or none, means. While a run goes on
 * the two newest periodic checkpoints are kept (the older one is the fallback when the newest is
 * corrupt); when it ends without an exception, the newest alone. The best epoch's parameters
 * and optimizer state are encoded in memory when it happens and written as the best checkpoint
 * together with the next periodic one (or at the end), so a kill loses at most a best epoch found
 * since the last periodic checkpoint, and a long run whose loss improves at most epochs does not
 * write its history to disk every epoch. Per-epoch costs do not grow with the epoch count: the
 * metrics CSV is appended to (see {@link MetricsCsv}) and the best metric is tracked
 * incrementally.
 */
public final class FitLoop {

    private static final Logger logger = LoggerFactory.getLogger(FitLoop.class);

    private final Builder config;

    private FitLoop(Builder builder) {
        this.config = builder;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; trainer and training data are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs (or continues) training.
     *
     * @return the metric history and why training ended
     * @throws NonFiniteTrainingException if a loss or gradient becomes NaN or infinite
     * @throws TrainingFailedException if an ODE solve fails during training or validation
     * @throws IllegalStateException if the checkpoint folder is in use by another run, holds no
     *     checkpoint to resume ({@link ResumeMode#REQUIRED}) or holds one although the run
     *     starts fresh ({@link ResumeMode#NEVER})
     * @throws IllegalArgumentException if the checkpoint to resume was written by a run with
     *     another {@link RunDefinition}
     * @throws CorruptCheckpointException if the checkpoint to resume cannot be read back
     * @throws UncheckedIOException if data, CSV or checkpoints cannot be read or written
     */
    public FitResult fit() {
        TrainerWorkarounds.skipGradientCheckUnlessFloat32(config.trainer);
        RunDefinition definition = definition();
        if (config.checkpointFolder == null) {
            return train(newRun(null, UUID.randomUUID().toString(), definition));
        }
        CheckpointStore unlocked = new CheckpointStore(config.checkpointFolder);
        if (config.resume == ResumeMode.REQUIRED && !unlocked.holdsCheckpoints()) {
            throw new IllegalStateException(unlocked.describeMissingCheckpoint());
        }
        try (CheckpointStore store = unlocked.lock()) {
            RunState run = start(store, definition);
            FitResult result = train(run);
            store.pruneFinishedRun(run.runId);
            return result;
        }
    }

    private FitResult train(RunState run) {
        StopReason reason = alreadyStopped(run);
        ProgressBar bar =
                config.progress == ProgressDisplay.BAR
                        ? new ProgressBar("Training", config.epochs)
                        : null;
        for (int epoch = run.epoch + 1; reason == null && epoch <= config.epochs; epoch++) {
            Engine.getInstance().setRandomSeed(Long.hashCode(config.seed * 1_000_003L + epoch));
            config.beforeEpoch.accept(epoch);
            long startNanos = System.nanoTime();
            EpochTotals totals;
            try {
                totals = trainEpoch(epoch, run, bar);
            } catch (TrainingFailedException e) {
                if (!config.stopOnFailure) {
                    throw e;
                }
                logger.warn("{}; stopping with the {} epochs before it", e.getMessage(), epoch - 1);
                reason = StopReason.FAILED;
                break;
            }
            EpochMetrics metrics = collectMetrics(epoch, run, totals, startNanos);
            run.history.add(metrics);
            afterEpoch(run, metrics);
            reason = stopReason(run);
        }
        if (bar != null) {
            bar.end();
        }
        if (reason == StopReason.FAILED) {
            // the failed epoch may have moved the parameters in its earlier batches: keep the
            // last periodic checkpoint as the latest, and write only a best epoch still waiting
            saveBestPending(run);
        } else {
            saveLatestIfDue(run, true);
        }
        Best best = best(run.history);
        return new FitResult(
                run.history,
                run.iterations,
                reason == null ? StopReason.EPOCHS_DONE : reason,
                best.epoch,
                best.value,
                run.resumedFrom,
                run.latest == null ? null : run.latest.folder());
    }

    /** Why a resumed run has nothing left to do before its first epoch, or null. */
    private StopReason alreadyStopped(RunState run) {
        return run.history.isEmpty() ? null : stopReason(run);
    }

    /** Why training stops after the last recorded epoch, or null to go on. */
    private StopReason stopReason(RunState run) {
        if (run.iterations >= config.iterationBudget) {
            return StopReason.ITERATION_BUDGET;
        }
        if (config.earlyStopping != null && config.earlyStopping.shouldStop(run.history)) {
            return StopReason.EARLY_STOPPED;
        }
        return null;
    }

    private RunDefinition definition() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("seed", Long.toString(config.seed));
        entries.put("epochs", Integer.toString(config.epochs));
        entries.put(
                "iteration_budget",
                config.iterationBudget == Long.MAX_VALUE
                        ? "unlimited"
                        : Long.toString(config.iterationBudget));
        entries.put(
                "optimizer",
                config.optimizer == null
                        ? "not checkpointed (optOptimizer not set)"
                        : config.optimizer.describe());
        entries.put("gradient_transform", config.gradientTransform.toString());
        entries.putAll(RunDefinition.modelSignature(modelBlock()));
        config.runDefinition.forEach((key, value) -> entries.put("option " + key, value));
        return new RunDefinition(entries);
    }

    private RunState newRun(CheckpointStore store, String runId, RunDefinition definition) {
        RunState run = new RunState(store, runId, definition);
        run.csv = config.metricsCsv == null ? null : new MetricsCsv(config.metricsCsv);
        return run;
    }

    /** Starts fresh or resumes, as the resume mode and the (locked) folder's content say. */
    private RunState start(CheckpointStore store, RunDefinition definition) {
        RunState fresh = newRun(store, UUID.randomUUID().toString(), definition);
        if (config.resume == ResumeMode.NEVER) {
            if (store.holdsCheckpoints()) {
                throw new IllegalStateException(
                        "the checkpoint folder "
                                + store.getFolder()
                                + " already holds the checkpoints of an earlier run: resume that"
                                + " run (FitLoop.Builder.optResumeFrom, the --resume option) or"
                                + " choose another folder; a fresh run never replaces another"
                                + " run's checkpoints");
            }
            return fresh;
        }
        if (!store.holdsCheckpoints()) {
            return fresh;
        }
        Checkpoint newest =
                store.newest()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the checkpoint folder "
                                                        + store.getFolder()
                                                        + " holds pointer files or checkpoint"
                                                        + " folders but no complete checkpoint"
                                                        + " (checkpoint.json, parameters.ndlist"
                                                        + " and optimizer.ndlist, with a"
                                                        + " checkpoint.json that parses): resume"
                                                        + " from a copy that has one, or start a"
                                                        + " fresh run in another folder"));
        checkSameRun(newest, definition);
        Checkpoint loaded =
                store.load(
                        newest.folder(),
                        modelBlock(),
                        config.optimizer,
                        config.trainer.getManager());
        String runId = loaded.runId() == null ? fresh.runId : loaded.runId();
        RunState run = newRun(store, runId, definition);
        run.epoch = loaded.epoch();
        run.iterations = loaded.iterations();
        run.history.addAll(loaded.history());
        run.bestValue = best(run.history).value;
        run.resumedFrom = loaded.epoch();
        run.latest = loaded;
        run.savedEpoch = loaded.epoch();
        return run;
    }

    private void checkSameRun(Checkpoint checkpoint, RunDefinition definition) {
        List<String> differences;
        if (checkpoint.definition().isUnknown()) {
            logger.warn(
                    "checkpoint {} records no run definition (format version 1): only its seed"
                            + " is checked against this run",
                    checkpoint.folder());
            differences =
                    checkpoint.seed() == config.seed
                            ? List.of()
                            : List.of(
                                    "seed: checkpoint "
                                            + checkpoint.seed()
                                            + " vs this run "
                                            + config.seed);
        } else {
            differences = checkpoint.definition().differences(definition);
        }
        Preconditions.checkArgument(
                differences.isEmpty(),
                "cannot resume from "
                        + checkpoint.folder()
                        + ": it was written by a run defined otherwise ("
                        + String.join("; ", differences)
                        + "): resume with the same settings, or start a fresh run in another"
                        + " folder");
    }

    private EpochTotals trainEpoch(int epoch, RunState run, ProgressBar bar) {
        EpochTotals totals = new EpochTotals();
        long started = System.nanoTime();
        for (Batch batch : iterate(config.trainingData)) {
            try (batch) {
                if (run.iterations >= config.iterationBudget) {
                    break;
                }
                trainStep(epoch, run, batch, totals);
                if (bar != null) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    bar.update(
                            epoch - 1,
                            String.format(
                                    "epoch %d: loss %.5g, %.1f it/s",
                                    epoch,
                                    totals.lastLoss,
                                    totals.batches / Math.max(seconds, 1e-9)));
                }
            }
        }
        return totals;
    }

    private void trainStep(int epoch, RunState run, Batch batch, EpochTotals totals) {
        Trainer trainer = config.trainer;
        Device[] devices = trainer.getDevices();
        double lossValue = 0;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            if (devices.length == 1) {
                NDArray loss = config.lossFunction.loss(trainer, batch);
                lossValue = toDouble(loss);
                checkFinite(lossValue, "training loss", epoch, run);
                config.backward.backward(collector, loss);
            } else {
                // data parallel: each device's share runs forward and backward as one unit; its
                // loss is weighted by its share of the batch, so the gradients, which the
                // optimizer sums over the devices, are those of the whole batch's loss
                for (Batch split : batch.split(devices, false)) {
                    NDArray loss = config.lossFunction.loss(trainer, split);
                    double share = (double) split.getSize() / batch.getSize();
                    NDArray weighted =
                            loss.mul(OwnedArrays.scalar(loss.getManager(), share, loss.getDataType()));
                    lossValue += toDouble(weighted);
                    config.backward.backward(collector, weighted);
                }
                checkFinite(lossValue, "training loss", epoch, run);
            }
        } catch (OdeSolveException e) {
            long iteration = run.iterations + 1;
            throw solveFailed(e, "at iteration " + iteration, epoch, iteration, run);
        }
        double norm;
        if (devices.length == 1) {
            norm =
                    config.gradientTransform.apply(
                            trainer.getModel().getBlock().getParameters().values());
        } else {
            List<List<NDArray>> copies = TrainerWorkarounds.deviceGradients(trainer);
            try {
                norm = config.gradientTransform.applyToCopies(copies);
            } finally {
                copies.forEach(list -> list.forEach(NDArray::close));
            }
        }
        checkFinite(norm, "gradient norm", epoch, run);
        trainer.step();
        run.iterations++;
        totals.add(lossValue, norm);
    }

    private void checkFinite(double value, String what, int epoch, RunState run) {
        if (Double.isFinite(value)) {
            return;
        }
        throw new NonFiniteTrainingException(
                "the " + what + " became " + value + " in epoch " + epoch + " at iteration "
                        + (run.iterations + 1) + "; parameters were not updated and "
                        + lastGood(run) + ": lower the learning rate or clip gradients",
                epoch,
                run.iterations + 1,
                lastCheckpoint(run));
    }

    private TrainingFailedException solveFailed(
            OdeSolveException e, String where, int epoch, long iteration, RunState run) {
        return new TrainingFailedException(
                "an ODE solve failed in epoch " + epoch + " " + where + " (" + e.getMessage()
                        + "); parameters were not updated by it, no checkpoint of this state was"
                        + " written, and " + lastGood(run) + ": lower the learning rate, clip"
                        + " gradients or loosen the solver (maxSteps, tolerances), then resume",
                epoch,
                iteration,
                lastCheckpoint(run),
                e);
    }

    private static String lastGood(RunState run) {
        return run.latest == null
                ? "no checkpoint was written yet"
                : "the last good checkpoint is " + run.latest.folder() + " (epoch "
                        + run.latest.epoch() + ")";
    }

    private static Path lastCheckpoint(RunState run) {
        return run.latest == null ? null : run.latest.folder();
    }

    private EpochMetrics collectMetrics(
            int epoch, RunState run, EpochTotals totals, long startNanos) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("train_loss", totals.meanLoss());
        values.put("grad_norm", totals.meanNorm());
        try {
            if (config.validationData != null) {
                values.put("validation_loss", validationLoss());
            }
            for (Evaluation evaluation : config.evaluations) {
                values.putAll(evaluation.evaluate(config.trainer, epoch));
            }
        } catch (OdeSolveException e) {
            throw solveFailed(
                    e,
                    "in the metrics pass after iteration " + run.iterations,
                    epoch,
                    run.iterations,
                    run);
        }
        values.put("seconds", (System.nanoTime() - startNanos) / 1e9);
        return new EpochMetrics(epoch, run.iterations, values);
    }

    private double validationLoss() {
        double sum = 0;
        int count = 0;
        for (Batch batch : iterate(config.validationData)) {
            try (batch) {
                NDList predictions = config.trainer.evaluate(batch.getData());
                sum += toDouble(config.trainer.getLoss().evaluate(batch.getLabels(), predictions));
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private void afterEpoch(RunState run, EpochMetrics metrics) {
        if (run.csv != null) {
            run.csv.update(run.history);
        }
        if (run.store == null) {
            return;
        }
        if (improvesBest(run, metrics)) {
            run.pendingBest =
                    new PendingBest(
                            checkpointOf(run),
                            CheckpointTensors.encode(modelBlock(), config.optimizer));
        }
        saveLatestIfDue(run, false);
    }

    /** Whether an epoch beats every earlier one in the best metric (tracked incrementally). */
    private boolean improvesBest(RunState run, EpochMetrics metrics) {
        double value = metrics.get(config.bestMetric.metric());
        if (config.bestMetric.goal().improves(value, run.bestValue, 0)) {
            run.bestValue = value;
            return true;
        }
        return false;
    }

    /**
     * Writes the best epoch's snapshot, if one is waiting, then the periodic checkpoint when due:
     * the best checkpoint reaches the disk with the periodic ones (and at the end), not at every
     * improvement, so that a long run with a loss that improves at most epochs does not rewrite
     * its whole history every epoch.
     */
    private void saveLatestIfDue(RunState run, boolean force) {
        int epoch = run.history.isEmpty() ? 0 : run.history.get(run.history.size() - 1).epoch();
        boolean due = epoch % config.checkpointEvery == 0 || force;
        if (run.store == null || epoch == 0 || epoch == run.savedEpoch || !due) {
            return;
        }
        saveBestPending(run);
        run.latest =
                run.store.save(
                        CheckpointStore.Kind.LATEST,
                        checkpointOf(run),
                        modelBlock(),
                        config.optimizer);
        run.savedEpoch = epoch;
    }

    private void saveBestPending(RunState run) {
        if (run.store != null && run.pendingBest != null) {
            run.store.save(
                    CheckpointStore.Kind.BEST, run.pendingBest.checkpoint, run.pendingBest.tensors);
            run.pendingBest = null;
        }
    }

    private Checkpoint checkpointOf(RunState run) {
        int epoch = run.history.get(run.history.size() - 1).epoch();
        return new Checkpoint(
                null, epoch, run.iterations, config.seed, run.history, run.runId, run.definition);
    }

    private Block modelBlock() {
        return config.trainer.getModel().getBlock();
    }

    private Best best(List<EpochMetrics> history) {
        Best best = new Best();
        MetricGoal goal = config.bestMetric;
        for (EpochMetrics epoch : history) {
            double value = epoch.get(goal.metric());
            if (goal.goal().improves(value, best.value, 0)) {
                best.value = value;
                best.epoch = epoch.epoch();
            }
        }
        return best;
    }

    private Iterable<Batch> iterate(Dataset dataset) {
        try {
            return config.trainer.iterateDataset(dataset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dataset", e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot batch the dataset: " + e.getMessage(), e);
        }
    }

    private static double toDouble(NDArray loss) {
        try (NDArray scalar = loss.sum();
                NDArray wide = scalar.toType(DataType.FLOAT64, false)) {
            return HostReads.scalar(wide);
        }
    }

    /** Builds a {@link FitLoop}; {@code setX} are required, {@code optX} have stated defaults. */
    public static final class Builder {

        private Trainer trainer;
        private Dataset trainingData;
        private Dataset validationData;
        private StatefulOptimizer optimizer;
        private int epochs = 10;
        private long iterationBudget = Long.MAX_VALUE;
        private GradientTransform gradientTransform = GradientTransform.none();
        private Path checkpointFolder;
        private int checkpointEvery = 1;
        private ResumeMode resume = ResumeMode.NEVER;
        private final Map<String, String> runDefinition = new LinkedHashMap<>();
        private MetricGoal bestMetric;
        private EarlyStopping earlyStopping;
        private final List<Evaluation> evaluations = new ArrayList<>();
        private Path metricsCsv;
        private long seed = 42;
        private ProgressDisplay progress = ProgressDisplay.BAR;
        private LossFunction lossFunction =
                (trainer, batch) ->
                        trainer.getLoss()
                                .evaluate(batch.getLabels(), trainer.forward(batch.getData()));
        private Backward backward = GradientCollector::backward;
        private IntConsumer beforeEpoch = epoch -> {};
        private boolean stopOnFailure;

        private Builder() {}

        /**
         * Makes a failed training step (a non-finite loss or gradient, or a failed solve) end the
         * fit with {@link StopReason#FAILED} and the epochs completed before it, instead of
         * throwing {@link TrainingFailedException} (the default): for studies that run many fits
         * and report a diverged one among the others. The last periodic checkpoint stays the
         * latest; a best epoch not yet written is written.
         *
         * @param stop whether to stop instead of throwing
         * @return this builder
         */
        public Builder optStopOnFailure(boolean stop) {
            this.stopOnFailure = stop;
            return this;
        }

        /**
         * Sets what runs before every epoch, with the 1-based epoch number (also for the first
         * epoch of a resumed run): for example setting a schedule's value that the model reads,
         * such as the coupling strength of homotopy training.
         *
         * @param beforeEpoch the action
         * @return this builder
         */
        public Builder optBeforeEpoch(IntConsumer beforeEpoch) {
            this.beforeEpoch = beforeEpoch;
            return this;
        }

        /**
         * Sets the trainer (required): model, loss, optimizer and devices come from its config.
         *
         * @param trainer an initialized trainer
         * @return this builder
         */
        public Builder setTrainer(Trainer trainer) {
            this.trainer = trainer;
            return this;
        }

        /**
         * Sets the training data (required).
         *
         * @param trainingData batches of (data, labels)
         * @return this builder
         */
        public Builder setTrainingData(Dataset trainingData) {
            this.trainingData = trainingData;
            return this;
        }

        /**
         * Sets validation data (default none): adds the {@code validation_loss} metric.
         *
         * @param validationData batches of (data, labels)
         * @return this builder
         */
        public Builder optValidationData(Dataset validationData) {
            this.validationData = validationData;
            return this;
        }

        /**
         * Names the optimizer of the trainer's config so that checkpoints hold its state
         * (default none: checkpoints then hold parameters only, exact only for stateless
         * optimizers).
         *
         * @param optimizer the very optimizer instance the trainer uses
         * @return this builder
         */
        public Builder optOptimizer(StatefulOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets the number of epochs, counted from the start of the run (default 10).
         *
         * @param epochs a positive count; a resumed run stops at the same epoch
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets a budget of training steps (default unlimited); training stops when it is used
         * up, after recording the metrics of the partial epoch.
         *
         * @param iterations a positive number of steps
         * @return this builder
         */
        public Builder optIterationBudget(long iterations) {
            this.iterationBudget = iterations;
            return this;
        }

        /**
         * Sets the gradient clipping or normalisation (default none).
         *
         * @param gradientTransform the transform applied before every step
         * @return this builder
         */
        public Builder optGradientTransform(GradientTransform gradientTransform) {
            this.gradientTransform = gradientTransform;
            return this;
        }

        /**
         * Enables checkpoints (default off): the latest every {@code everyEpochs} epochs and at
         * the end, the best whenever the best metric improves. What a folder that already holds
         * checkpoints means is set by {@link #optResume} (default {@link ResumeMode#NEVER}: it
         * is refused).
         *
         * @param folder the checkpoint folder
         * @param everyEpochs the period of the latest checkpoint, {@code >= 1}
         * @return this builder
         */
        public Builder optCheckpoints(Path folder, int everyEpochs) {
            this.checkpointFolder = folder;
            this.checkpointEvery = everyEpochs;
            return this;
        }

        /**
         * Continues a run from the newest checkpoint in a folder if the folder holds any, and
         * starts fresh only when it holds none at all ({@link ResumeMode#IF_PRESENT}; the {@code
         * --resume DIR} option); keeps checkpointing there every epoch unless {@link
         * #optCheckpoints} sets another period.
         *
         * @param folder the checkpoint folder of the interrupted run
         * @return this builder
         */
        public Builder optResumeFrom(Path folder) {
            this.checkpointFolder = folder;
            this.resume = ResumeMode.IF_PRESENT;
            return this;
        }

        /**
         * Sets what the checkpoint folder's content means (default {@link ResumeMode#NEVER}, or
         * {@link ResumeMode#IF_PRESENT} after {@link #optResumeFrom}); needs a checkpoint folder
         * unless {@code NEVER}.
         *
         * @param resume start fresh, resume if there is anything, or resume necessarily
         * @return this builder
         */
        public Builder optResume(ResumeMode resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Adds caller options that define the run (default none), stored in every checkpoint as
         * {@code option KEY} entries of the {@link RunDefinition}: a resume with other values is
         * refused. Use it for what the loop cannot see, such as the dataset, the model variant
         * or a command's flags.
         *
         * @param options option name to value in words
         * @return this builder
         */
        public Builder optRunDefinition(Map<String, String> options) {
            Preconditions.checkArgument(options != null, "optRunDefinition needs a map, got null");
            options.forEach(
                    (key, value) ->
                            Preconditions.checkArgument(
                                    key != null && value != null,
                                    "optRunDefinition needs non-null keys and values, got "
                                            + key
                                            + "="
                                            + value));
            this.runDefinition.putAll(options);
            return this;
        }

        /**
         * Sets the metric of the best checkpoint (default: minimize {@code validation_loss} with
         * validation data, else {@code train_loss}).
         *
         * @param bestMetric the metric and direction
         * @return this builder
         */
        public Builder optBestMetric(MetricGoal bestMetric) {
            this.bestMetric = bestMetric;
            return this;
        }

        /**
         * Enables early stopping (default off).
         *
         * @param earlyStopping the watched metric and patience
         * @return this builder
         */
        public Builder optEarlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /**
         * Adds an evaluation callback run after every epoch (default none).
         *
         * @param evaluation returns extra named metrics
         * @return this builder
         */
        public Builder addEvaluation(Evaluation evaluation) {
            this.evaluations.add(evaluation);
            return this;
        }

        /**
         * Writes the metric history to a CSV file after every epoch (default off).
         *
         * @param file the CSV file
         * @return this builder
         */
        public Builder optMetricsCsv(Path file) {
            this.metricsCsv = file;
            return this;
        }

        /**
         * Sets the run's seed (default 42), from which every epoch's seed is derived.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the progress display (default {@link ProgressDisplay#BAR}).
         *
         * @param progress bar or nothing
         * @return this builder
         */
        public Builder optProgress(ProgressDisplay progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Sets how a batch's loss is computed (default: the trainer's loss of {@code
         * trainer.forward(data)} against the labels).
         *
         * @param lossFunction the loss of one batch
         * @return this builder
         */
        public Builder optLossFunction(LossFunction lossFunction) {
            this.lossFunction = lossFunction;
            return this;
        }

        /**
         * Sets how a loss is back-propagated (default {@code collector.backward(loss)}).
         *
         * @param backward the backward pass, for example one that also runs ODE adjoints
         * @return this builder
         */
        public Builder optBackward(Backward backward) {
            this.backward = backward;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         * @throws IllegalArgumentException if a required setting is missing or out of range
         */
        public FitLoop build() {
            Preconditions.checkArgument(trainer != null, "setTrainer(trainer) is required");
            Preconditions.checkArgument(trainingData != null, "setTrainingData(data) is required");
            Preconditions.checkArgument(epochs >= 1, "optEpochs needs >= 1, got " + epochs);
            Preconditions.checkArgument(
                    iterationBudget >= 1, "optIterationBudget needs >= 1, got " + iterationBudget);
            Preconditions.checkArgument(
                    checkpointEvery >= 1, "optCheckpoints needs everyEpochs >= 1");
            Preconditions.checkArgument(resume != null, "optResume needs a mode, got null");
            Preconditions.checkArgument(
                    resume == ResumeMode.NEVER || checkpointFolder != null,
                    "optResume("
                            + resume
                            + ") needs a checkpoint folder: call optCheckpoints(folder, every)"
                            + " or optResumeFrom(folder)");
            if (bestMetric == null) {
                bestMetric =
                        MetricGoal.minimize(
                                validationData == null ? "train_loss" : "validation_loss");
            }
            return new FitLoop(this);
        }
    }

    /** Computes the loss of one batch, recorded for backward. */
    @FunctionalInterface
    public interface LossFunction {
        /**
         * Returns the scalar loss of a batch.
         *
         * @param trainer the trainer (forward through {@code trainer.forward})
         * @param batch the batch
         * @return a scalar (or summed) loss array recorded on the tape
         */
        NDArray loss(Trainer trainer, Batch batch);
    }

    /** Back-propagates a loss (the place where adjoint sensitivities hook in). */
    @FunctionalInterface
    public interface Backward {
        /**
         * Fills the parameters' gradients from a loss.
         *
         * @param collector the open gradient collector
         * @param loss the loss from the {@link LossFunction}
         */
        void backward(GradientCollector collector, NDArray loss);
    }

    /** Computes extra metrics after every epoch (for example an uncoupled MSE). */
    @FunctionalInterface
    public interface Evaluation {
        /**
         * Returns named metrics for the finished epoch.
         *
         * @param trainer the trainer (use {@code trainer.evaluate}, recording is off)
         * @param epoch the finished 1-based epoch
         * @return the metrics, in the order they should appear in the CSV
         */
        Map<String, Double> evaluate(Trainer trainer, int epoch);
    }

    /** Whether a progress bar is printed to standard output. */
    public enum ProgressDisplay {
        /** DJL's {@link ProgressBar} with loss and iterations per second. */
        BAR,
        /** Nothing (tests, batch jobs). */
        NONE
    }

    /** What the checkpoint folder's content means when training starts. */
    public enum ResumeMode {
        /**
         * Continue from the newest complete checkpoint if the folder holds any checkpoint
         * (pointer file or checkpoint folder); start fresh only when it holds none at all. A
         * folder that holds checkpoint files but no complete checkpoint is refused. For a
         * caller that has checked that the folder belongs to the run, such as a command that
         * resumes several fits in turn (a fit not reached before the kill has no checkpoint).
         */
        IF_PRESENT,
        /**
         * Continue from the newest complete checkpoint; refuse a folder without one, naming it
         * and the folders nearby that hold checkpoints.
         */
        REQUIRED,
        /**
         * Start from the current parameters; refuse a folder that already holds checkpoints (a
         * fresh run never replaces the checkpoints of another run).
         */
        NEVER
    }

    private static final class RunState {
        private final CheckpointStore store;
        private final String runId;
        private final RunDefinition definition;
        private int epoch;
        private long iterations;
        private final List<EpochMetrics> history = new ArrayList<>();
        private int resumedFrom;
        private int savedEpoch;
        private Checkpoint latest;
        private MetricsCsv csv;
        private double bestValue = Double.NaN;
        private PendingBest pendingBest;

        private RunState(CheckpointStore store, String runId, RunDefinition definition) {
            this.store = store;
            this.runId = runId;
            this.definition = definition;
        }
    }

    /** The best epoch's checkpoint, encoded when it happened and not yet written. */
    private record PendingBest(Checkpoint checkpoint, CheckpointTensors.Encoded tensors) {}

    private static final class EpochTotals {
        private double lossSum;
        private double normSum;
        private int batches;
        private double lastLoss = Double.NaN;

        private void add(double loss, double norm) {
            lossSum += loss;
            normSum += norm;
            batches++;
            lastLoss = loss;
        }

        private double meanLoss() {
            return batches == 0 ? Double.NaN : lossSum / batches;
        }

        private double meanNorm() {
            return batches == 0 ? Double.NaN : normSum / batches;
        }
    }

    private static final class Best {
        private int epoch;
        private double value = Double.NaN;
    }
}
