package io.github.neuralode.experiments.anode;

import ai.djl.engine.Engine;

import io.github.neuralode.data.toy.LabelledPoints;
import io.github.neuralode.data.toy.NestedSpheres;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code spheres}: the nested spheres of Dupont, Doucet and Teh, "Augmented Neural ODEs" (2019),
 * in 2-D: a disc of radius 0.5 labelled -1 inside an annulus from 1 to 1.5 labelled +1. A plain
 * neural ODE flows the plane by a homeomorphism, so it cannot move the disc out through the
 * annulus to make the classes linearly separable for its linear readout; it can only squeeze the
 * plane around the points, which costs a stiff, expensive flow and leaves errors near the gap. One
 * extra zero dimension (ANODE) lets the flow lift the disc out of the plane.
 *
 * <p>Data: 2,000 training points (1,000 per class) from {@code --seed}, 1,000 test points (500
 * per class) from {@code --seed + 1}; {@code --quick}: 400 training points. Models and training:
 * see {@link SpheresFit} (NODE: the ODE on the 2-D input; ANODE: {@code ZeroPadding(1)}, the ODE
 * on 3-D; both a 32-32 tanh field, a linear readout, plain MSE to the labels, Adam 1e-3, batch
 * 64, Dopri5 at rtol 1e-3, atol 1e-4 on [0, 1]); 30 epochs ({@code --quick}: 3).
 *
 * <p>Writes {@code results.json}: {@code node_accuracy}, {@code anode_accuracy} (percent on the
 * test set after the last epoch), {@code node_loss}, {@code anode_loss} (training MSE of the last
 * epoch, mean over its batches), {@code node_nfe_forward}, {@code anode_nfe_forward} (mean
 * forward evaluations per training batch in the last epoch), {@code node_test_mse}, {@code
 * anode_test_mse}, {@code node_parameters}, {@code anode_parameters}, {@code epochs}, {@code
 * train_points}, {@code seconds} (wall time of the whole command); {@code node_metrics.csv} and
 * {@code anode_metrics.csv} (per epoch); {@code decision_maps.png}, {@code flows.png} (20 training
 * points of each class; for the ANODE also state 1 against the augmented state 3) and {@code
 * loss_curves.png}.
 */
@Command(
        name = "spheres",
        mixinStandardHelpOptions = true,
        description = "Nested spheres in 2-D: a plain neural ODE vs an augmented one (ANODE).")
public final class SpheresCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(SpheresCommand.class);

    private static final int MAX_EPOCHS = 10_000;
    private static final int TEST_PER_CLASS = 500;
    private static final int FLOWS_PER_CLASS = 20;
    /** Grid points per axis of the decision map over [-2, 2]. */
    private static final int GRID = 61;

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    private Integer epochs;

    /** Sets {@code --epochs} after checking its range. */
    @Option(
            names = "--epochs",
            paramLabel = "N",
            description =
                    "Training epochs per model, 1.." + MAX_EPOCHS + " (default: 30, quick: 3).")
    void setEpochs(int value) {
        epochs = OptionChecks.requireInRange(spec, "--epochs", value, 1, MAX_EPOCHS);
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        EngineThreads.set(1);
        Engine.getInstance().setRandomSeed((int) options.seed());
        int epochCount = epochs != null ? epochs : options.quick() ? 3 : 30;
        int perClass = options.quick() ? 200 : 1000;
        LabelledPoints train = spheres(options.seed(), perClass);
        LabelledPoints test = spheres(options.seed() + 1, TEST_PER_CLASS);
        float[][] grid = grid();
        SpheresFit.Probes probes = new SpheresFit.Probes(grid, flowStarts(train, perClass));
        Path out = options.out();
        List<SpheresFit.Outcome> outcomes =
                List.of(
                        fit("NODE", 0, train, test, probes, epochCount, out),
                        fit("ANODE", 1, train, test, probes, epochCount, out));
        SpheresPlots.decisionMaps(
                outcomes, grid, 4.0 / (GRID - 1), test, out.resolve("decision_maps.png"));
        SpheresPlots.flows(outcomes, flowIsInner(), out.resolve("flows.png"));
        SpheresPlots.curves(outcomes, out.resolve("loss_curves.png"));
        Results results = new Results();
        for (SpheresFit.Outcome outcome : outcomes) {
            String prefix = outcome.name().toLowerCase(Locale.ROOT);
            results.put(prefix + "_accuracy", outcome.last("test_accuracy"))
                    .put(prefix + "_loss", outcome.last("train_loss"))
                    .put(prefix + "_nfe_forward", outcome.last("nfe_forward_per_batch"))
                    .put(prefix + "_test_mse", outcome.last("test_mse"))
                    .put(prefix + "_parameters", outcome.parameters());
        }
        results.put("epochs", epochCount)
                .put("train_points", train.size())
                .put("seconds", (System.nanoTime() - started) / 1e9);
        results.write(out);
        return 0;
    }

    private SpheresFit.Outcome fit(
            String name,
            int extra,
            LabelledPoints train,
            LabelledPoints test,
            SpheresFit.Probes probes,
            int epochCount,
            Path out) {
        String prefix = name.toLowerCase(Locale.ROOT);
        SpheresFit.Outcome outcome =
                SpheresFit.run(
                        name, extra, train, test, probes, epochCount, options.seed(),
                        out.resolve(prefix + "_metrics.csv"), deviceOption.device());
        logger.info(
                "{}: test accuracy {} %, train MSE {}, {} forward NFE per batch ({} epochs, {} s)",
                name,
                String.format("%.1f", outcome.last("test_accuracy")),
                String.format("%.4f", outcome.last("train_loss")),
                String.format("%.1f", outcome.last("nfe_forward_per_batch")),
                epochCount,
                String.format("%.1f", sum(outcome.history().curve("seconds"))));
        return outcome;
    }

    private static LabelledPoints spheres(long seed, int perClass) {
        return NestedSpheres.builder()
                .setSeed(seed)
                .optInnerCount(perClass)
                .optOuterCount(perClass)
                .build()
                .sample();
    }

    /** The grid of the decision map, row by row over [-2, 2]^2: {@code (GRID^2, 2)}. */
    private static float[][] grid() {
        float[][] points = new float[GRID * GRID][];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                points[i * GRID + j] =
                        new float[] {
                            (float) (-2 + 4.0 * j / (GRID - 1)), (float) (-2 + 4.0 * i / (GRID - 1))
                        };
            }
        }
        return points;
    }

    /** The first FLOWS_PER_CLASS inner points, then the first FLOWS_PER_CLASS outer ones. */
    private static float[][] flowStarts(LabelledPoints train, int perClass) {
        float[][] points = train.inputs(); // inner points first, then outer ones
        float[][] starts = new float[2 * FLOWS_PER_CLASS][];
        for (int i = 0; i < FLOWS_PER_CLASS; i++) {
            starts[i] = points[i];
            starts[FLOWS_PER_CLASS + i] = points[perClass + i];
        }
        return starts;
    }

    private static boolean[] flowIsInner() {
        boolean[] inner = new boolean[2 * FLOWS_PER_CLASS];
        Arrays.fill(inner, 0, FLOWS_PER_CLASS, true);
        return inner;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
