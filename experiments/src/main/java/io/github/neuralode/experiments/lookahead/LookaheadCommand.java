package io.github.neuralode.experiments.lookahead;

import ai.djl.Device;

import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.models.lookahead.EulerAdjointCheck;
import io.github.neuralode.models.lookahead.LookaheadStudy;
import io.github.neuralode.models.lookahead.SigmoidEulerProblem;
import io.github.neuralode.models.lookahead.SpiralFit;
import io.github.neuralode.models.lookahead.StudyRun;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reproduces "Optimizing neural ODEs with the Lookahead optimizer": gradient descent versus
 * Lookahead(GD) (alpha 0.5, k = 4, 6, 8) for learning rates 0.01, 0.05, 0.1 on the sigmoid Euler
 * problem, the check of the hand-written Euler adjoint against autograd, and Adam versus
 * Lookahead(Adam) on a small MLP neural ODE fit (a damped spiral).
 *
 * <p>Writes {@code results.json} (keys {@code gd_lr{lr}_iterations}, {@code
 * gd_lr{lr}_final_loss}, {@code lookahead_lr{lr}_k{k}_iterations} (gradient evaluations), {@code
 * lookahead_lr{lr}_k{k}_slow_iterations}, {@code lookahead_lr{lr}_k{k}_final_loss}, {@code
 * euler_adjoint_rel_error}, {@code spiral_adam_final_loss}, {@code
 * spiral_lookahead_adam_final_loss} ...), {@code loss_curves.csv}, {@code loss_curves.png} (one
 * panel per k) and the spiral fits' metric CSVs and checkpoints under {@code spiral/}.
 *
 * <p>Resume: a fresh run writes {@code spiral/run.json} (seed, {@code --quick}, spiral epochs;
 * see {@link SpiralRunFile}) before it starts, and refuses an {@code --out} whose {@code spiral/}
 * already holds one. {@code --resume DIR} must name such a {@code spiral/} folder, written with the
 * same {@code --seed} and {@code --quick}; both are checked before any work starts. Each fit then
 * continues from the newest complete checkpoint in {@code DIR/<fit>/checkpoints}, or starts fresh
 * if that folder holds none (the run was killed before the fit began); {@link FitLoop} refuses a
 * checkpoint written with other settings and never deletes another run's checkpoints.
 */
@Command(
        name = "lookahead",
        mixinStandardHelpOptions = true,
        description = "GD vs Lookahead(GD) on the sigmoid Euler ODE; Adam vs Lookahead(Adam).")
public final class LookaheadCommand implements Callable<Integer> {

    /** The learning rates of the study. */
    static final double[] LEARNING_RATES = {0.01, 0.05, 0.1};
    /** The synchronisation periods of the study. */
    static final int[] PERIODS = {4, 6, 8};
    /** Lookahead's slow step size in the study. */
    static final double ALPHA = 0.5;

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue the spiral fits from the checkpoints in DIR: the spiral/ folder of"
                            + " an earlier, interrupted run (it holds run.json), run with the same"
                            + " --seed and --quick.")
    Path resume;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        Path out = options.out();
        Path spiral = spiralFolder(out);
        Results results = new Results();
        results.put("seed", options.seed());
        results.put("alpha", ALPHA);
        results.put("stop_tolerance", LookaheadStudy.STOP_TOLERANCE);
        SigmoidEulerProblem.Parameters init = SigmoidEulerProblem.glorot(options.seed());
        results.put("initial_loss", SigmoidEulerProblem.loss(init));
        LossCurves curves = new LossCurves();
        long cap = options.quick() ? 20_000 : 1_000_000;
        Device device = deviceOption.device();
        for (double lr : LEARNING_RATES) {
            runLearningRate(init, lr, cap, device, results, curves);
        }
        results.put("euler_adjoint_rel_error", adjointError(options.seed(), device));
        runSpiral(spiral, out, results);
        curves.writeCsv(out.resolve("loss_curves.csv"));
        curves.plot(out.resolve("loss_curves"), PERIODS);
        results.write(out);
        return 0;
    }

    private static void runLearningRate(
            SigmoidEulerProblem.Parameters init,
            double lr,
            long cap,
            Device device,
            Results results,
            LossCurves curves) {
        String rate = format(lr);
        StudyRun gd = LookaheadStudy.gradientDescent(init, lr, cap, device);
        results.put("gd_lr" + rate + "_iterations", gd.iterations());
        results.put("gd_lr" + rate + "_final_loss", gd.finalLoss());
        results.put("gd_lr" + rate + "_outcome", gd.outcome().name());
        curves.add("gd", lr, 0, gd);
        for (int k : PERIODS) {
            StudyRun la = LookaheadStudy.lookahead(init, lr, k, ALPHA, cap, device);
            String prefix = "lookahead_lr" + rate + "_k" + k;
            results.put(prefix + "_iterations", la.iterations());
            results.put(prefix + "_slow_iterations", la.slowIterations());
            results.put(prefix + "_final_loss", la.finalLoss());
            results.put(prefix + "_outcome", la.outcome().name());
            curves.add("lookahead", lr, k, la);
        }
    }

    private static double adjointError(long seed, Device device) {
        double worst = 0;
        for (long s = seed; s < seed + 3; s++) {
            SigmoidEulerProblem.Parameters p = SigmoidEulerProblem.glorot(s);
            worst = Math.max(worst, EulerAdjointCheck.maxRelativeError(p, device));
        }
        return worst;
    }

    private int spiralEpochs() {
        return options.quick() ? 20 : 300;
    }

    /** Checks {@code --resume DIR}, or starts {@code out/spiral}; returns the checkpoint root. */
    private Path spiralFolder(Path out) {
        SpiralRunFile thisRun =
                SpiralRunFile.of(options.seed(), options.quick(), spiralEpochs());
        if (resume != null) {
            thisRun.checkResumes(resume);
            return resume;
        }
        Path spiral = out.resolve("spiral");
        thisRun.start(spiral);
        return spiral;
    }

    private void runSpiral(Path root, Path out, Results results) {
        int epochs = spiralEpochs();
        results.put("spiral_epochs", epochs);
        FitLoop.ResumeMode mode =
                resume != null ? FitLoop.ResumeMode.IF_PRESENT : FitLoop.ResumeMode.NEVER;
        for (SpiralFit.Method method : SpiralFit.Method.values()) {
            String name = method.name().toLowerCase(Locale.ROOT);
            FitResult fit =
                    SpiralFit.train(
                            method,
                            epochs,
                            options.seed(),
                            root.resolve(name).resolve("checkpoints"),
                            mode,
                            out.resolve("spiral").resolve(name + "_metrics.csv"),
                            Map.of(
                                    "command", "lookahead",
                                    "method", name,
                                    "quick", Boolean.toString(options.quick())),
                            deviceOption.device());
            double[] loss = fit.curve("train_loss");
            results.put("spiral_" + name + "_initial_loss", loss[0]);
            results.put("spiral_" + name + "_final_loss", loss[loss.length - 1]);
            results.put("spiral_" + name + "_best_loss", fit.bestValue());
        }
    }

    /**
     * Writes a learning rate as in the result keys: 0.01, 0.05, 0.1.
     *
     * @param lr the learning rate
     * @return its shortest decimal form
     */
    static String format(double lr) {
        return BigDecimal.valueOf(lr).stripTrailingZeros().toPlainString();
    }
}
