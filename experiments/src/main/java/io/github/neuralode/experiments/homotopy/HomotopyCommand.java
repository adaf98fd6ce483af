package io.github.neuralode.experiments.homotopy;

import ai.djl.engine.Engine;
import ai.djl.nn.Block;

import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.SeedStatistics;
import io.github.neuralode.experiments.bench.ThreadOption;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.models.homotopy.TrajectoryFit;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitOutputs;
import io.github.neuralode.train.StopReason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The shared body of {@code homotopy-lv}, {@code homotopy-lorenz} and {@code homotopy-pendulum}:
 * for every study of the system, every chosen method and every seed, trains the model field with
 * {@link TrajectoryFit} (checkpoints and exact resume), then writes the plots and the results.
 *
 * <p>Output folder: {@code <study>/<method>/seed-<s>/metrics.csv} (per epoch {@code train_loss},
 * {@code uncoupled_mse}, {@code heldout_mse}, for homotopy {@code lambda}, and {@link FitLoop}'s
 * timing columns) and {@code checkpoints/}; per study {@code <study>-loss-lambda.png} (homotopy's
 * coupled loss and {@code lambda} against epoch), {@code <study>-uncoupled-mse.png} (every
 * method's uncoupled MSE against epoch) and {@code <study>-trajectories.png} (data and each
 * method's best model, training window end marked), all of the first seed; {@code results.json}
 * with, per study prefix {@code p} and method {@code m}: {@code p m_interp_mse}, {@code p
 * m_extrap_mse} (means over seeds of the best epoch's MSE at the training and held-out samples),
 * {@code _se} of both (standard errors, 0 for one seed), {@code p m_epochs_to_best}, {@code p
 * m_seconds} (mean time of one run: the sum of its epochs' times, over every session it ran in), {@code p homotopy_epochs_to_vanilla_best} (the first
 * epoch at which homotopy's uncoupled MSE is at most vanilla's best of the same seed, mean over
 * the seeds that reach it; {@code p homotopy_seeds_reaching_vanilla_best} counts them), {@code p
 * m_failed_runs} (runs whose training diverged: they end there and count with their best epoch
 * before it), and {@code seconds} (the whole command).
 */
abstract class HomotopyCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(HomotopyCommand.class);

    @Mixin ExperimentOptions options;

    @Mixin ThreadOption threadOption;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    private int checkpointEvery = 500;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "S",
            description =
                    "Training seeds, comma-separated (default: 10,20,30, the paper's; quick: the"
                            + " first). The data's noise has its own fixed seed; --seed is not used.")
    List<Long> seeds = List.of(10L, 20L, 30L);

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description =
                    "homotopy, vanilla, multiple-shooting or all (default: ${DEFAULT-VALUE}).")
    String method = "all";

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue every run from the checkpoints of an earlier run's output folder DIR"
                            + " (same options); finished runs are read back; results go to --out.")
    Path resume;

    private int[] hidden;

    /** Sets {@code --hidden} after checking every width. */
    @Option(
            names = "--hidden",
            split = ",",
            paramLabel = "W",
            description =
                    "Hidden widths of the black-box network, comma-separated, each 1..4096"
                            + " (default: the authors' for the system).")
    void setHidden(List<Integer> widths) {
        int[] values = new int[widths.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = OptionChecks.requireInRange(spec, "--hidden", widths.get(i), 1, 4096);
        }
        hidden = values;
    }

    @Option(
            names = "--init",
            paramLabel = "KIND",
            description =
                    "Layer initialisation: glorot (Glorot-uniform weights, zero biases) or torch"
                            + " (PyTorch's nn.Linear default, as the authors' networks; default:"
                            + " glorot).")
    void setInit(String kind) {
        switch (kind) {
            case "glorot" -> torchInit = false;
            case "torch" -> torchInit = true;
            default -> throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--init " + kind + " is unknown: use glorot or torch");
        }
        initChosen = true;
    }

    private boolean torchInit;
    private boolean initChosen;

    /**
     * Makes the system's black-box network with the chosen hidden widths and initialisation.
     *
     * @param dimension the state's components
     * @return the network
     */
    Block blackBox(int dimension) {
        return recipe().blackBox(dimension, hidden, torchInit);
    }

    /**
     * Makes the gray-box Lotka-Volterra field with the chosen initialisation.
     *
     * @return the field
     */
    Block grayBox() {
        return HomotopyRecipe.grayBox(torchInit);
    }

    /** Sets {@code --checkpoint-every} after checking its range. */
    @Option(
            names = "--checkpoint-every",
            paramLabel = "N",
            description = "Epochs between checkpoints (default: ${DEFAULT-VALUE}; quick: 10).")
    void setCheckpointEvery(int value) {
        checkpointEvery =
                OptionChecks.requireInRange(spec, "--checkpoint-every", value, 1, 1_000_000);
    }

    /**
     * Returns the system's settings.
     *
     * @return the recipe
     */
    abstract HomotopyRecipe recipe();

    /**
     * Returns the studies to run.
     *
     * @param quick whether this is the smoke-test variant
     * @return the studies, the main one first
     * @throws IOException if measured data cannot be read
     */
    abstract List<Study> studies(boolean quick) throws IOException;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        List<HomotopyRecipe.Method> methods = methods();
        List<Long> runSeeds = options.quick() ? seeds.subList(0, 1) : seeds;
        EngineThreads.set(threadOption.threads());
        HomotopyRecipe recipe = recipe();
        logger.info("{}", recipe.describe(options.quick()));
        List<Study> studies = studies(options.quick());
        Path out = options.out();
        Files.createDirectories(out);
        Results results = new Results();
        for (Study study : studies) {
            Map<HomotopyRecipe.Method, List<Run>> runs = new EnumMap<>(HomotopyRecipe.Method.class);
            for (HomotopyRecipe.Method m : methods) {
                List<Run> perSeed = new ArrayList<>();
                for (long seed : runSeeds) {
                    perSeed.add(train(recipe, study, m, seed));
                }
                runs.put(m, perSeed);
            }
            HomotopyPlots.write(study, runs, out);
            summarise(study, runs, results);
        }
        results.put("threads", threadOption.threads())
                .put("seeds", runSeeds.toString())
                .put("seconds", (System.nanoTime() - started) / 1e9);
        results.write(out);
        return 0;
    }

    private List<HomotopyRecipe.Method> methods() {
        return switch (method) {
            case "homotopy" -> List.of(HomotopyRecipe.Method.HOMOTOPY);
            case "vanilla" -> List.of(HomotopyRecipe.Method.VANILLA);
            case "multiple-shooting" -> List.of(HomotopyRecipe.Method.MULTIPLE_SHOOTING);
            case "all" -> List.of(HomotopyRecipe.Method.values());
            default ->
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--method "
                                    + method
                                    + " is unknown: use homotopy, vanilla, multiple-shooting or"
                                    + " all");
        };
    }

    /** One training run and its wall time. */
    record Run(long seed, TrajectoryFit.Outcome outcome, double seconds) {}

    private Run train(HomotopyRecipe recipe, Study study, HomotopyRecipe.Method m, long seed)
            throws IOException {
        Path relative = Path.of(study.name(), m.key(), "seed-" + seed);
        Path folder = (resume != null ? resume : options.out()).resolve(relative);
        Files.createDirectories(folder);
        int every = options.quick() ? Math.min(checkpointEvery, 10) : checkpointEvery;
        FitLoop.ResumeMode mode =
                resume != null ? FitLoop.ResumeMode.IF_PRESENT : FitLoop.ResumeMode.NEVER;
        Map<String, String> definition = new LinkedHashMap<>();
        definition.put("command", recipe.command());
        definition.put("study", study.name());
        definition.put("method", m.key());
        definition.put("quick", Boolean.toString(options.quick()));
        if (hidden != null) {
            // only when chosen, so that runs with the authors' widths resume across versions
            definition.put("hidden", java.util.Arrays.toString(hidden));
        }
        if (initChosen) {
            definition.put("init", torchInit ? "torch" : "glorot");
        }
        logger.info("{} {} seed {}: {} epochs in {}", study.name(), m.key(), seed,
                recipe.method(m, options.quick()).epochs(), folder);
        Engine.getInstance().setRandomSeed((int) seed);
        TrajectoryFit.Outcome outcome =
                TrajectoryFit.builder()
                        .optName(recipe.command() + "-" + study.name() + "-" + m.key())
                        .setData(study.training().times(), study.training().values())
                        .optHeldOut(study.heldOut().times(), study.heldOut().values())
                        .setMethod(recipe.method(m, options.quick()))
                        .setNetwork(study.network().get())
                        .setSolver(HomotopyRecipe.solver())
                        .setOptimizer(recipe.optimizer(m))
                        .optSeed(seed)
                        .optDevice(deviceOption.device())
                        .optOutputs(
                                FitOutputs.NONE
                                        .withCheckpoints(folder.resolve("checkpoints"), every, mode)
                                        .withMetricsCsv(folder.resolve("metrics.csv"))
                                        .withRunDefinition(definition)
                                        .withProgress(FitLoop.ProgressDisplay.BAR))
                        .build()
                        .fit();
        // the epochs' own times, so that a run resumed across sessions counts all of them
        double seconds = 0;
        for (double epochSeconds : outcome.history().curve("seconds")) {
            seconds += epochSeconds;
        }
        if (outcome.history().reason() == StopReason.FAILED) {
            logger.warn(
                    "{} {} seed {}: training diverged after epoch {}; its best epoch before that"
                            + " counts",
                    study.name(),
                    m.key(),
                    seed,
                    outcome.history().epochs());
        }
        logger.info(
                "{} {} seed {}: best epoch {}, interpolation MSE {}, extrapolation MSE {}, {} s",
                study.name(),
                m.key(),
                seed,
                outcome.bestEpoch(),
                format(outcome.interpolationMse()),
                format(outcome.heldOutMse()),
                String.format(Locale.ROOT, "%.1f", seconds));
        return new Run(seed, outcome, seconds);
    }

    private static void summarise(
            Study study, Map<HomotopyRecipe.Method, List<Run>> runs, Results results) {
        for (Map.Entry<HomotopyRecipe.Method, List<Run>> entry : runs.entrySet()) {
            String key = study.prefix() + entry.getKey().key();
            List<Run> perSeed = entry.getValue();
            double[] interpolation = new double[perSeed.size()];
            double[] extrapolation = new double[perSeed.size()];
            double[] bestEpochs = new double[perSeed.size()];
            double[] seconds = new double[perSeed.size()];
            int failed = 0;
            for (int i = 0; i < perSeed.size(); i++) {
                TrajectoryFit.Outcome outcome = perSeed.get(i).outcome();
                interpolation[i] = outcome.interpolationMse();
                extrapolation[i] = outcome.heldOutMse();
                bestEpochs[i] = outcome.bestEpoch();
                seconds[i] = perSeed.get(i).seconds();
                if (outcome.history().reason() == StopReason.FAILED) {
                    failed++;
                }
            }
            results.put(key + "_interp_mse", SeedStatistics.mean(interpolation))
                    .put(key + "_interp_mse_se", SeedStatistics.standardError(interpolation))
                    .put(key + "_extrap_mse", SeedStatistics.mean(extrapolation))
                    .put(key + "_extrap_mse_se", SeedStatistics.standardError(extrapolation))
                    .put(key + "_epochs_to_best", SeedStatistics.mean(bestEpochs))
                    .put(key + "_seconds", SeedStatistics.mean(seconds))
                    .put(key + "_failed_runs", failed);
            logger.info(
                    "{}: interpolation MSE {} +- {}, extrapolation MSE {} +- {} over {} seeds",
                    key,
                    format(SeedStatistics.mean(interpolation)),
                    format(SeedStatistics.standardError(interpolation)),
                    format(SeedStatistics.mean(extrapolation)),
                    format(SeedStatistics.standardError(extrapolation)),
                    perSeed.size());
        }
        List<Run> homotopy = runs.get(HomotopyRecipe.Method.HOMOTOPY);
        List<Run> vanilla = runs.get(HomotopyRecipe.Method.VANILLA);
        if (homotopy != null && vanilla != null) {
            List<Double> reached = new ArrayList<>();
            for (int i = 0; i < homotopy.size(); i++) {
                int epoch =
                        SeedStatistics.firstEpochAtOrBelow(
                                homotopy.get(i).outcome().history().curve("uncoupled_mse"),
                                vanilla.get(i).outcome().interpolationMse());
                if (epoch > 0) {
                    reached.add((double) epoch);
                }
            }
            results.put(
                            study.prefix() + "homotopy_epochs_to_vanilla_best",
                            SeedStatistics.mean(
                                    reached.stream().mapToDouble(Double::doubleValue).toArray()))
                    .put(study.prefix() + "homotopy_seeds_reaching_vanilla_best", reached.size());
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3e", value);
    }
}
