package io.github.neuralode.experiments.anode;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;

import io.github.neuralode.data.mnist.MnistDataset;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.SeedStatistics;
import io.github.neuralode.experiments.bench.ThreadOption;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.models.anode.AnodeModels;
import io.github.neuralode.models.anode.ClassifierFit;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitOutputs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Full MNIST (60,000 training and 10,000 test images) with the ANODE paper's image models and an
 * MLP ANODE, each trained with Adam (learning rate 1e-3) and Dopri5 (rtol = atol = 1e-3) on [0,
 * 1]:
 *
 * <ul>
 *   <li>{@code conv-node}: the paper's conv NODE, 92 filters, the image as the state, batches of
 *       256, constant learning rate (as the paper);
 *   <li>{@code conv-anode}: the paper's conv ANODE, 64 filters and 5 augmented channels, the
 *       same training;
 *   <li>{@code mlp-anode}: {@code Dense(784 -> 256, tanh)}, 64 zero dimensions, an autonomous
 *       field with one hidden layer of 256 tanh units, the first 256 dimensions into {@code
 *       Dense(-> 10)}; batches of 128, the learning rate multiplied by 0.2 after 5 and after 8
 *       epochs' worth of steps.
 * </ul>
 *
 * The conv models use the checkpoint adjoint (as the paper's adjoint, O(steps) memory), the MLP
 * direct autograd. Writes per model {@code <model>/metrics.csv} (per epoch: train loss, test
 * accuracy and loss, forward and backward evaluations per batch, seconds) and checkpoints every
 * epoch under {@code <model>/checkpoints}; {@code results.json} with {@code
 * <model>_test_accuracy} (percent, last epoch), {@code <model>_best_test_accuracy}, {@code
 * <model>_nfe_forward_per_batch}, {@code <model>_nfe_backward_per_batch} (means over epochs),
 * {@code <model>_seconds_per_epoch}, {@code <model>_parameters} and {@code <model>_epochs}, and
 * the same keys without prefix when one model runs; {@code accuracy_curves.png}, {@code
 * loss_curves.png}. {@code --resume DIR} continues every model from its newest checkpoint in DIR.
 */
@Command(
        name = "mnist-anode",
        mixinStandardHelpOptions = true,
        description = "Full MNIST: the ANODE paper's conv NODE and ANODE, and an MLP ANODE.")
public final class MnistAnodeCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(MnistAnodeCommand.class);

    private static final int CONV_BATCH = 256;
    private static final int MLP_BATCH = 128;

    /** The largest {@code --epochs}. */
    static final int MAX_EPOCHS = 1000;

    @Mixin ExperimentOptions options;

    @Mixin MnistDataOption data;

    @Mixin ThreadOption threadOption;

    @Option(
            names = "--model",
            split = ",",
            paramLabel = "MODEL",
            description = "Models to train: mlp-anode, conv-node, conv-anode (default: mlp-anode).")
    List<String> models = List.of("mlp-anode");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private Integer epochs;

    private Integer trainLimit;

    /** Sets {@code --epochs} after checking its range. */
    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Epochs per model, 1.." + MAX_EPOCHS + " (default: 10 for mlp-anode, 20"
                    + " for the conv models; 1 with --quick).")
    void setEpochs(int value) {
        epochs = OptionChecks.requireInRange(spec, "--epochs", value, 1, MAX_EPOCHS);
    }

    /** Sets {@code --train-limit} after checking its range. */
    @Option(
            names = "--train-limit",
            paramLabel = "N",
            description = "Train on the first N training images only, 1..60000 (default: all;"
                    + " 2,048 with --quick, which also tests on the first 1,000).")
    void setTrainLimit(int value) {
        trainLimit = OptionChecks.requireInRange(spec, "--train-limit", value, 1, 60_000);
    }

    @Mixin DeviceOption deviceOption;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Continue from the checkpoints of an earlier run's output folder DIR.")
    Path resume;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        EngineThreads.set(threadOption.threads());
        Device target = deviceOption.device();
        for (String model : models) {
            requireKnown(model);
        }
        Path out = options.out();
        Path root = resume != null ? resume : out;
        Results results = new Results();
        results.put("threads", threadOption.threads());
        Curves curves = new Curves();
        try (NDManager manager = NDManager.newBaseManager(target)) {
            boolean needsImages = models.stream().anyMatch(m -> m.startsWith("conv"));
            boolean needsVectors = models.contains("mlp-anode");
            long limit = trainLimit != null ? trainLimit : options.quick() ? 2048 : Long.MAX_VALUE;
            long testLimit = options.quick() ? 1000 : Long.MAX_VALUE;
            MnistDataset trainVectors = needsVectors
                    ? data.read(manager, Dataset.Usage.TRAIN, limit, true, MLP_BATCH, true) : null;
            MnistDataset testVectors = needsVectors
                    ? data.read(manager, Dataset.Usage.TEST, testLimit, true, MLP_BATCH, false)
                    : null;
            MnistDataset trainImages = needsImages
                    ? data.read(manager, Dataset.Usage.TRAIN, limit, false, CONV_BATCH, true)
                    : null;
            MnistDataset testImages = needsImages
                    ? data.read(manager, Dataset.Usage.TEST, testLimit, false, CONV_BATCH, false)
                    : null;
            for (String model : models) {
                boolean conv = model.startsWith("conv");
                FitRecord record =
                        train(model, target, root.resolve(model),
                                conv ? trainImages : trainVectors, conv ? testImages : testVectors,
                                limit);
                curves.add(model, List.of(record));
                summarise(model, record, results, models.size() == 1);
            }
        }
        curves.plot(out);
        results.write(out);
        return 0;
    }

    private void requireKnown(String model) {
        if (!List.of("mlp-anode", "conv-node", "conv-anode").contains(model)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--model " + model + " is unknown: use mlp-anode, conv-node or conv-anode");
        }
    }

    private int epochs(String model) {
        if (epochs != null) {
            return epochs;
        }
        if (options.quick()) {
            return 1;
        }
        return model.equals("mlp-anode") ? 10 : 20;
    }

    private Block build(String model) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.DOPRI5)
                        .optStepSizeController(PidController.of(1e-3, 1e-3))
                        .build();
        return switch (model) {
            case "conv-node" -> AnodeModels.convNode(92, solver, Sensitivity.CHECKPOINT_ADJOINT);
            case "conv-anode" ->
                    AnodeModels.convAnode(5, 64, solver, Sensitivity.CHECKPOINT_ADJOINT);
            default -> AnodeModels.mlpAnode(256, 64, 256, solver, Sensitivity.DIRECT);
        };
    }

    private FitRecord train(
            String model,
            Device target,
            Path folder,
            MnistDataset train,
            MnistDataset test,
            long limit)
            throws IOException {
        int epochCount = epochs(model);
        boolean conv = model.startsWith("conv");
        int batch = conv ? CONV_BATCH : MLP_BATCH;
        Shape input = conv ? new Shape(batch, 1, 28, 28) : new Shape(batch, 784);
        Adam.Builder adam = Adam.builder().optLearningRate(1e-3);
        if (!conv) {
            long stepsPerEpoch = (train.size() + batch - 1) / batch;
            adam.optStepDecay(0.2, 5 * stepsPerEpoch, 8 * stepsPerEpoch);
        }
        Map<String, String> definition =
                Map.of(
                        "command", "mnist-anode",
                        "model", model,
                        "train_limit", Long.toString(limit),
                        "quick", Boolean.toString(options.quick()));
        FitLoop.ResumeMode mode =
                resume != null ? FitLoop.ResumeMode.IF_PRESENT : FitLoop.ResumeMode.NEVER;
        Files.createDirectories(folder);
        logger.info("{}: {} epochs on {} training images, device {}", model, epochCount,
                train.size(), target);
        ClassifierFit.Outcome outcome =
                ClassifierFit.builder()
                        .setModel(build(model))
                        .optDevice(target)
                        .setData(train, test)
                        .setInputShape(input)
                        .setOptimizer(adam.build())
                        .optEpochs(epochCount)
                        .optSeed(options.seed())
                        .optOutputs(
                                FitOutputs.NONE
                                        .withCheckpoints(folder.resolve("checkpoints"), 1, mode)
                                        .withRunDefinition(definition)
                                        .withMetricsCsv(folder.resolve("metrics.csv"))
                                        .withProgress(FitLoop.ProgressDisplay.BAR))
                        .build()
                        .fit();
        FitRecord record = FitRecord.of(model, options.seed(), definition.toString(), outcome);
        record.write(folder.resolve("fit.json"));
        return record;
    }

    private static void summarise(String model, FitRecord record, Results results, boolean alone) {
        List<String> prefixes = new ArrayList<>(List.of(model.replace('-', '_') + "_"));
        if (alone) {
            prefixes.add("");
        }
        double best = 0;
        for (double a : record.accuracy()) {
            best = Math.max(best, a);
        }
        for (String prefix : prefixes) {
            results.put(prefix + "test_accuracy", record.finalAccuracy());
            results.put(prefix + "best_test_accuracy", best);
            results.put(prefix + "nfe_forward_per_batch", SeedStatistics.mean(record.nfeForward()));
            results.put(prefix + "nfe_backward_per_batch", SeedStatistics.mean(record.nfeBackward()));
            results.put(prefix + "seconds_per_epoch", SeedStatistics.mean(record.seconds()));
            results.put(prefix + "parameters", record.parameters());
            results.put(prefix + "epochs", record.accuracy().length);
        }
        logger.info("{}: test accuracy {} % after {} epochs", model,
                String.format(Locale.ROOT, "%.2f", record.finalAccuracy()), record.accuracy().length);
    }
}
