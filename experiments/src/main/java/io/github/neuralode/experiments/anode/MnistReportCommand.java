package io.github.neuralode.experiments.anode;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;

import io.github.neuralode.data.mnist.MnistDataset;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.SeedStatistics;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.models.anode.AnodeModels;
import io.github.neuralode.models.anode.ClassifierFit;
import io.github.neuralode.models.anode.ReportVariant;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;
import io.github.neuralode.train.Adam;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Table 1 of the ANODE report (K. Lu, MIT 18.337) under its exact budget, from its notebook: the
 * first 1,000 MNIST training and the first 1,000 test images, batches of 100 (shuffled), 5 epochs
 * of 10 batches, Adam with learning rate 0.05, Tsit5 with rtol = atol = 1e-3 on [0, 1], direct
 * gradients; the models of {@link AnodeModels#report}, one per {@link ReportVariant} row, each
 * trained from {@code --seeds} seeds ({@code --seed}, {@code --seed + 1}, ...).
 *
 * <p>Writes {@code results.json} ({@code <row>_accuracy_mean}, {@code <row>_accuracy_std}
 * (percent, sample standard deviation over seeds), {@code <row>_report_accuracy}, {@code
 * <row>_seeds_reaching_report} (how many seeds reach the report's one run), {@code
 * <row>_seconds_mean}, {@code <row>_nfe_forward_mean}, {@code <row>_parameters}), {@code
 * summary.csv}, {@code accuracy_curves.png} and {@code loss_curves.png} (seed means per epoch), and
 * one {@code fits/<row>/seed-<s>/} folder per fit with its metrics CSV and {@code fit.json}.
 * {@code --resume DIR} reuses the finished fits of an interrupted run in DIR and runs the rest.
 * {@code --frozen-field} trains only the layers around the solve ({@link
 * AnodeModels#freezeOdeFields}), as the report's code trained its STEER and second-order rows.
 */
@Command(
        name = "mnist-report",
        mixinStandardHelpOptions = true,
        description = "The ANODE report's Table 1 (1,000 MNIST images, 50 iterations) over seeds.")
public final class MnistReportCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(MnistReportCommand.class);

    /** The largest {@code --seeds}. */
    static final int MAX_SEEDS = 100;

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Mixin MnistDataOption data;

    @Option(
            names = "--rows",
            split = ",",
            paramLabel = "ROW",
            description =
                    "Rows to run (default: all): node, anode_p10, anode_p25, anode_p40,"
                            + " il_anode_p10, il_anode_p25, il_anode_p40, steer_b0.2, steer_b0.3,"
                            + " steer_b0.6, second_order.")
    List<String> rows;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private int seeds = 5;

    /** Sets {@code --seeds} after checking its range. */
    @Option(
            names = "--seeds",
            paramLabel = "N",
            description = "Seeds per row, 1.." + MAX_SEEDS + " (default: 5; 1 with --quick).")
    void setSeeds(int value) {
        seeds = OptionChecks.requireInRange(spec, "--seeds", value, 1, MAX_SEEDS);
    }

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Reuse the finished fits of an earlier run's output folder DIR.")
    Path resume;

    @Option(
            names = "--frozen-field",
            description =
                    "Train only the input and output layers and leave every ODE field at its"
                            + " initial weights, as the report's notebook ran its STEER and"
                            + " second-order rows (Flux never reached their ODE parameters).")
    boolean frozenField;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        List<ReportVariant> variants = variants();
        int seedCount = options.quick() ? 1 : seeds;
        Path out = options.out();
        Path fits = (resume != null ? resume : out).resolve("fits");
        Results results = new Results();
        results.put("seeds", seedCount);
        results.put("images", images());
        results.put("epochs", epochs());
        results.put("frozen_field", frozenField ? 1 : 0);
        Curves curves = new Curves();
        List<String> summary = new ArrayList<>();
        summary.add("row,report_accuracy,accuracy_mean,accuracy_std,seconds_mean,nfe_forward_mean");
        try (NDManager manager = NDManager.newBaseManager(deviceOption.device())) {
            MnistDataset train = data.read(manager, Dataset.Usage.TRAIN, images(), true, 100, false);
            MnistDataset test = data.read(manager, Dataset.Usage.TEST, images(), true, 100, false);
            for (ReportVariant variant : variants) {
                List<FitRecord> records = new ArrayList<>();
                for (int s = 0; s < seedCount; s++) {
                    long seed = options.seed() + s;
                    records.add(fit(variant, seed, fits, train, test));
                }
                summarise(variant, records, results, summary);
                curves.add(variant.key(), records);
            }
        }
        Results.writeAtomically(out.resolve("summary.csv"), String.join("\n", summary) + "\n");
        curves.plot(out);
        results.write(out);
        return 0;
    }

    private List<ReportVariant> variants() {
        if (rows == null || rows.isEmpty()) {
            return options.quick()
                    ? List.of(ReportVariant.of("node"), ReportVariant.of("anode_p10"))
                    : ReportVariant.ROWS;
        }
        return rows.stream().map(ReportVariant::of).toList();
    }

    private long images() {
        return options.quick() ? 200 : 1000;
    }

    private int epochs() {
        return options.quick() ? 2 : 5;
    }

    private String definition() {
        return String.format(Locale.ROOT, "images=%d epochs=%d batch=100 adam=0.05 tsit5=1e-3%s",
                images(), epochs(), frozenField ? " frozen-field" : "");
    }

    private FitRecord fit(
            ReportVariant variant, long seed, Path fits, MnistDataset train, MnistDataset test)
            throws IOException {
        Path folder = fits.resolve(variant.key()).resolve("seed-" + seed);
        Path file = folder.resolve("fit.json");
        if (Files.exists(file)) {
            FitRecord done = FitRecord.read(file);
            if (!done.definition().equals(definition())) {
                throw new IllegalArgumentException(
                        file + " was written by a run with " + done.definition()
                                + ", this run has " + definition()
                                + ": resume with the same --quick and --frozen-field,"
                                + " or use a new --out");
            }
            logger.info("{} seed {}: reusing {}", variant.key(), seed, file);
            return done;
        }
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.TSIT5)
                        .optStepSizeController(PidController.of(1e-3, 1e-3))
                        .build();
        Block model = AnodeModels.report(variant, solver, Sensitivity.DIRECT, seed);
        if (frozenField) {
            AnodeModels.freezeOdeFields(model);
        }
        ClassifierFit.Outcome outcome =
                ClassifierFit.builder()
                        .setModel(model)
                        .setData(train, test)
                        .setInputShape(new Shape(100, 784))
                        .optDevice(deviceOption.device())
                        .setOptimizer(Adam.builder().optLearningRate(0.05).build())
                        .optEpochs(epochs())
                        .optSeed(seed)
                        .optOutputs(FitOutputs.NONE.withMetricsCsv(folder.resolve("metrics.csv")))
                        .build()
                        .fit();
        FitRecord record = FitRecord.of(variant.key(), seed, definition(), outcome);
        record.write(file);
        logger.info("{} seed {}: test accuracy {} % in {} s", variant.key(), seed,
                String.format(Locale.ROOT, "%.1f", record.finalAccuracy()),
                String.format(Locale.ROOT, "%.1f", record.totalSeconds()));
        return record;
    }

    private static void summarise(
            ReportVariant variant, List<FitRecord> records, Results results, List<String> summary) {
        double[] accuracy = records.stream().mapToDouble(FitRecord::finalAccuracy).toArray();
        double mean = SeedStatistics.mean(accuracy);
        double std = SeedStatistics.sampleStd(accuracy);
        double seconds = SeedStatistics.mean(records.stream().mapToDouble(FitRecord::totalSeconds).toArray());
        double nfe = SeedStatistics.mean(records.stream()
                .mapToDouble(r -> SeedStatistics.mean(r.nfeForward())).toArray());
        double reference = variant.reportAccuracy();
        String key = variant.key();
        results.put(key + "_accuracy_mean", mean);
        results.put(key + "_accuracy_std", std);
        results.put(key + "_report_accuracy", reference);
        results.put(key + "_seeds_reaching_report",
                Arrays.stream(accuracy).filter(a -> a >= reference).count());
        results.put(key + "_seconds_mean", seconds);
        results.put(key + "_nfe_forward_mean", nfe);
        results.put(key + "_parameters", records.get(0).parameters());
        summary.add(String.format(Locale.ROOT, "%s,%.1f,%.2f,%.2f,%.2f,%.1f",
                key, reference, mean, std, seconds, nfe));
    }
}
