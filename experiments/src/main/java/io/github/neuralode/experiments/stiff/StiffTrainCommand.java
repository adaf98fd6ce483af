package io.github.neuralode.experiments.stiff;

import ai.djl.engine.Engine;

import io.github.neuralode.data.kinetics.KineticsSeries;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.bench.ThreadOption;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.models.stiff.StiffFit;
import io.github.neuralode.solver.stiff.FiniteDifferenceJacobian;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitOutputs;
import io.github.neuralode.train.FitResult;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The shared body of {@code stiff-rober} and {@code stiff-pollu}: trains the paper's scaled model
 * and the failing baseline of one {@link StiffRecipe} on the true system's series, with
 * checkpoints and exact resume, and writes the curves, plots and results.
 *
 * <p>Output folder: {@code <model>/metrics.csv} (per epoch: {@code train_loss}, {@code
 * grad_norm}, {@code normalized_mae} and {@code normalized_mae_<species>} of the prediction the
 * step was computed from, {@code forward_nfe}, {@code steps}, {@code rejected_steps}, {@code
 * stiff_steps}, {@code jacobians}, {@code forward_seconds} (the forward solve), {@code
 * jacobian_seconds} (the Jacobians within it), {@code reached_times} (the sample times the
 * training solve reached; fewer when the learned dynamics blew up and the loss covered those
 * only), {@code seconds} (the whole step)), {@code
 * <model>/checkpoints/} (every {@code --checkpoint-every} epochs), {@code trajectories.png}
 * (data against both models per species), {@code loss_grad.png} (normalised MAE and gradient norm
 * against epoch, both models) and {@code results.json}: {@code final_normalized_mae} (scaled model
 * after its last step), {@code best_normalized_mae} (lowest per-epoch value), {@code
 * normalized_mae_<species>}, {@code epochs}, {@code seconds_per_epoch}, {@code
 * forward_seconds_per_epoch}, {@code jacobian_seconds_per_epoch}, {@code forward_nfe_per_epoch},
 * {@code steps_per_epoch}, {@code stiff_steps_per_epoch}, {@code jacobians_per_epoch}, {@code
 * parameters}, and {@code baseline_final_normalized_mae}, {@code baseline_best_normalized_mae},
 * {@code baseline_epochs}, {@code baseline_seconds_per_epoch}, {@code baseline_parameters} when
 * the baseline ran; per-epoch means are over the epochs of this and earlier (resumed) sessions.
 */
abstract class StiffTrainCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(StiffTrainCommand.class);

    private static final int MAX_EPOCHS = 10_000_000;
    /** Epochs of both models with {@code --quick}. */
    static final int QUICK_EPOCHS = 300;
    /** The baseline's default epochs: enough to show it stall, a tenth of the scaled run's cost. */
    static final int BASELINE_EPOCHS = 5_000;

    @Mixin ExperimentOptions options;

    @Mixin ThreadOption threadOption;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    private Integer epochs;
    private Integer baselineEpochs;
    private int checkpointEvery = 500;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "scaled, baseline or both (default: ${DEFAULT-VALUE}).")
    String model = "both";

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue both models from the checkpoints of an earlier run's output folder"
                            + " DIR (with the same options); results are written to --out.")
    Path resume;

    /** Sets {@code --epochs} after checking its range. */
    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Epochs of the scaled model (default: the paper's; quick: 300).")
    void setEpochs(int value) {
        epochs = OptionChecks.requireInRange(spec, "--epochs", value, 1, MAX_EPOCHS);
    }

    /** Sets {@code --baseline-epochs} after checking its range. */
    @Option(
            names = "--baseline-epochs",
            paramLabel = "N",
            description =
                    "Epochs of the baseline (default: 5000 or --epochs if fewer; quick: 300).")
    void setBaselineEpochs(int value) {
        baselineEpochs =
                OptionChecks.requireInRange(spec, "--baseline-epochs", value, 1, MAX_EPOCHS);
    }

    /** Sets {@code --checkpoint-every} after checking its range. */
    @Option(
            names = "--checkpoint-every",
            paramLabel = "N",
            description = "Epochs between checkpoints (default: ${DEFAULT-VALUE}; quick: 50).")
    void setCheckpointEvery(int value) {
        checkpointEvery =
                OptionChecks.requireInRange(spec, "--checkpoint-every", value, 1, MAX_EPOCHS);
    }

    /**
     * Returns the experiment this command runs.
     *
     * @return the recipe
     */
    abstract StiffRecipe recipe();

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        List<StiffRecipe.Model> models = models();
        EngineThreads.set(threadOption.threads());
        StiffRecipe recipe = recipe();
        long solving = System.nanoTime();
        KineticsSeries series = recipe.series();
        logger.info(
                "{}: true series of {} species at {} times solved in {} s (Rodas5P, rtol {})",
                recipe,
                series.species(),
                series.times().length,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - solving) / 1e9),
                KineticsSeries.RTOL);
        Path out = options.out();
        Path root = resume != null ? resume : out;
        Map<StiffRecipe.Model, StiffFit.Outcome> outcomes = new LinkedHashMap<>();
        for (StiffRecipe.Model m : models) {
            outcomes.put(m, train(recipe, m, series, root.resolve(m.key())));
        }
        StiffPlots.trajectories(recipe, series, outcomes, out.resolve("trajectories.png"));
        StiffPlots.curves(recipe, outcomes, out.resolve("loss_grad.png"));
        Results results = new Results();
        String[] species = StiffRecipe.speciesNames(series.species());
        for (Map.Entry<StiffRecipe.Model, StiffFit.Outcome> entry : outcomes.entrySet()) {
            summarise(entry.getKey(), entry.getValue(), species, results);
        }
        results.put("threads", threadOption.threads()).put("seed", options.seed());
        results.write(out);
        return 0;
    }

    private List<StiffRecipe.Model> models() {
        return switch (model) {
            case "scaled" -> List.of(StiffRecipe.Model.SCALED);
            case "baseline" -> List.of(StiffRecipe.Model.BASELINE);
            case "both" -> List.of(StiffRecipe.Model.SCALED, StiffRecipe.Model.BASELINE);
            default ->
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--model " + model + " is unknown: use scaled, baseline or both");
        };
    }

    private int epochsOf(StiffRecipe.Model m) {
        int scaled =
                epochs != null
                        ? epochs
                        : options.quick() ? QUICK_EPOCHS : recipe().paperEpochs();
        if (m == StiffRecipe.Model.SCALED) {
            return scaled;
        }
        if (baselineEpochs != null) {
            return baselineEpochs;
        }
        return options.quick() ? QUICK_EPOCHS : Math.min(BASELINE_EPOCHS, scaled);
    }

    private StiffFit.Outcome train(
            StiffRecipe recipe, StiffRecipe.Model m, KineticsSeries series, Path folder)
            throws IOException {
        Files.createDirectories(folder);
        int count = epochsOf(m);
        int every = options.quick() ? Math.min(checkpointEvery, 50) : checkpointEvery;
        FitLoop.ResumeMode mode =
                resume != null ? FitLoop.ResumeMode.IF_PRESENT : FitLoop.ResumeMode.NEVER;
        Map<String, String> definition =
                Map.of("command", recipe.command(), "model", m.key(), "solver", "tsit5+ros23");
        logger.info("{} {}: {} epochs, checkpoints every {} in {}", recipe, m.key(), count, every,
                folder.resolve("checkpoints"));
        Engine.getInstance().setRandomSeed((int) options.seed());
        TimedJacobian jacobian = new TimedJacobian(new FiniteDifferenceJacobian());
        return StiffFit.builder()
                .optName(recipe.command() + "-" + m.key())
                .setData(
                        series.t0(),
                        series.initialState(),
                        series.times(),
                        series.values(),
                        StiffRecipe.speciesNames(series.species()))
                .setMetricScale(recipe.stateScale(series))
                .setVectorField(recipe.field(m, series))
                .setSolver(StiffRecipe.solver(jacobian))
                .addEvaluation(
                        (trainer, epoch) -> Map.of("jacobian_seconds", jacobian.drainSeconds()))
                .setLoss(recipe.loss(m, series))
                .setOptimizer(recipe.optimizer(m))
                .optGradientTransform(recipe.gradientTransform(m))
                .optEpochs(count)
                .optSeed(options.seed())
                .optDevice(deviceOption.device())
                .optOutputs(
                        FitOutputs.NONE
                                .withCheckpoints(folder.resolve("checkpoints"), every, mode)
                                .withMetricsCsv(folder.resolve("metrics.csv"))
                                .withRunDefinition(definition)
                                .withProgress(FitLoop.ProgressDisplay.BAR))
                .build()
                .fit();
    }

    private static void summarise(
            StiffRecipe.Model m, StiffFit.Outcome outcome, String[] species, Results results) {
        FitResult history = outcome.history();
        String prefix = m == StiffRecipe.Model.SCALED ? "" : "baseline_";
        results.put(prefix + "final_normalized_mae", outcome.finalMeanNormalizedMae())
                .put(prefix + "best_normalized_mae", min(history.curve("normalized_mae")))
                .put(prefix + "epochs", history.epochs())
                .put(prefix + "seconds_per_epoch", mean(history.curve("seconds")))
                .put(prefix + "forward_seconds_per_epoch", mean(history.curve("forward_seconds")))
                .put(prefix + "jacobian_seconds_per_epoch", mean(history.curve("jacobian_seconds")))
                .put(prefix + "forward_nfe_per_epoch", mean(history.curve("forward_nfe")))
                .put(prefix + "steps_per_epoch", mean(history.curve("steps")))
                .put(prefix + "stiff_steps_per_epoch", mean(history.curve("stiff_steps")))
                .put(prefix + "jacobians_per_epoch", mean(history.curve("jacobians")))
                .put(prefix + "parameters", outcome.parameters());
        List<String> perSpecies = new ArrayList<>();
        for (int i = 0; i < species.length; i++) {
            double value = outcome.finalNormalizedMae()[i];
            results.put(prefix + "normalized_mae_" + species[i], value);
            perSpecies.add(species[i] + " " + String.format(Locale.ROOT, "%.2e", value));
        }
        logger.info(
                "{}: normalised MAE {} after {} epochs ({}), {} s per epoch",
                m.key(),
                String.format(Locale.ROOT, "%.3e", outcome.finalMeanNormalizedMae()),
                history.epochs(),
                String.join(", ", perSpecies),
                String.format(Locale.ROOT, "%.4f", mean(history.curve("seconds"))));
    }

    /** The mean over the epochs that recorded the metric (NaN marks an epoch without it). */
    static double mean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    static double min(double[] values) {
        double least = Double.POSITIVE_INFINITY;
        for (double v : values) {
            least = Math.min(least, v);
        }
        return least;
    }
}
