package io.github.neuralode.experiments.anode;

import ai.djl.engine.Engine;

import io.github.neuralode.data.toy.LabelledPoints;
import io.github.neuralode.data.toy.SineSeries;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Panels;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sines}: the series {@code y(t) = sin(t) + t}, 100 points on [0, 2 pi], as a time series
 * from {@code y(0) = 0}. A 1-D autonomous neural ODE {@code y' = f(y)} cannot follow it through
 * {@code t = pi}: there {@code y' = 1 + cos t = 0} at {@code y = pi}, so a field that matched the
 * series would have {@code f(pi) = 0}, a fixed point no solution of a Lipschitz field reaches, let
 * alone crosses. It can only creep past {@code y = pi} with {@code f} small but positive there,
 * which distorts the fit on both sides. An ANODE with two extra zero dimensions, read through its
 * first coordinate, has room for {@code (y, cos t - 1, sin t)}, whose field is even linear.
 *
 * <p>Models and training: see {@link SinesFit} (field {@code Mlp.tanh(d, 32, 32)}, d = 1 for the
 * NODE, 3 for the ANODE; full-batch MSE over the trajectory's first coordinate; Adam 1e-2;
 * Dopri5 at rtol 1e-3, atol 1e-4); 1,000 iterations per model ({@code --quick}: 30).
 *
 * <p>Writes {@code results.json}: {@code node_mse}, {@code anode_mse} (MSE over the 100 points
 * after the last step), {@code node_initial_mse}, {@code anode_initial_mse}, {@code
 * node_best_train_mse}, {@code anode_best_train_mse} (the lowest training MSE over the
 * iterations, each measured before its step), {@code
 * node_final_value}, {@code anode_final_value} (the fit at {@code t = 2 pi}; the series ends at
 * {@code target_final_value} = 2 pi), {@code node_nfe_forward}, {@code anode_nfe_forward}
 * (forward function evaluations of the last training pass), {@code node_parameters}, {@code
 * anode_parameters}, {@code iterations}, {@code seconds} (wall time of the whole command); {@code
 * node_metrics.csv}, {@code anode_metrics.csv} (per iteration); {@code sines_fit.png} and {@code
 * loss_curves.png}.
 */
@Command(
        name = "sines",
        mixinStandardHelpOptions = true,
        description =
                "y = sin t + t as a time series: a 1-D neural ODE vs an augmented one (ANODE).")
public final class SinesCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(SinesCommand.class);

    private static final int MAX_ITERATIONS = 1_000_000;
    private static final int POINTS = 100;
    private static final Color DATA_COLOR = new Color(0x44, 0x44, 0x44);

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    private Integer iterations;

    /** Sets {@code --iterations} after checking its range. */
    @Option(
            names = "--iterations",
            paramLabel = "N",
            description =
                    "Adam steps per model, 1.." + MAX_ITERATIONS + " (default: 1000, quick: 30).")
    void setIterations(int value) {
        iterations = OptionChecks.requireInRange(spec, "--iterations", value, 1, MAX_ITERATIONS);
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        EngineThreads.set(1);
        Engine.getInstance().setRandomSeed((int) options.seed());
        int steps = iterations != null ? iterations : options.quick() ? 30 : 1000;
        LabelledPoints series =
                SineSeries.builder().optRange(0, 2 * Math.PI).optCount(POINTS).build().sample();
        double[] times = new double[POINTS];
        float[][] inputs = series.inputs();
        for (int i = 0; i < POINTS; i++) {
            times[i] = inputs[i][0];
        }
        float[] values = series.targets();
        Path out = options.out();
        List<SinesFit.Outcome> outcomes =
                List.of(
                        fit("NODE", 0, times, values, steps, out),
                        fit("ANODE", 2, times, values, steps, out));
        plotFit(outcomes, times, values, out.resolve("sines_fit.png"));
        plotCurves(outcomes, out.resolve("loss_curves.png"));
        Results results = new Results();
        for (SinesFit.Outcome outcome : outcomes) {
            String prefix = outcome.name().toLowerCase(Locale.ROOT);
            float[] trajectory = outcome.trajectory();
            results.put(prefix + "_mse", outcome.finalMse())
                    .put(prefix + "_initial_mse", outcome.initialMse())
                    .put(prefix + "_best_train_mse", min(outcome.history().curve("train_loss")))
                    .put(prefix + "_final_value", trajectory[trajectory.length - 1])
                    .put(prefix + "_nfe_forward", outcome.last("nfe_forward_per_batch"))
                    .put(prefix + "_parameters", outcome.parameters());
        }
        results.put("target_final_value", values[POINTS - 1])
                .put("iterations", steps)
                .put("seconds", (System.nanoTime() - started) / 1e9);
        results.write(out);
        return 0;
    }

    private SinesFit.Outcome fit(
            String name, int extra, double[] times, float[] values, int steps, Path out) {
        String prefix = name.toLowerCase(Locale.ROOT);
        SinesFit.Outcome outcome =
                SinesFit.run(
                        name, extra, times, values, steps, options.seed(),
                        out.resolve(prefix + "_metrics.csv"), deviceOption.device());
        logger.info(
                "{}: MSE {} -> {}, y(2 pi) = {}, {} forward NFE ({} iterations)",
                name,
                String.format("%.4f", outcome.initialMse()),
                String.format("%.5f", outcome.finalMse()),
                String.format("%.3f", outcome.trajectory()[POINTS - 1]),
                String.format("%.0f", outcome.last("nfe_forward_per_batch")),
                steps);
        return outcome;
    }

    /** {@code sines_fit.png}: the series, both fits and the level y = pi. */
    private static void plotFit(
            List<SinesFit.Outcome> outcomes, double[] times, float[] values, Path file)
            throws IOException {
        XYChart chart = Panels.panel("y = sin t + t from y(0) = 0", "t", "y", 800, 600);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        XYSeries data = chart.addSeries("data", times, toDouble(values));
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        data.setMarker(SeriesMarkers.CIRCLE);
        data.setMarkerColor(DATA_COLOR);
        for (SinesFit.Outcome outcome : outcomes) {
            Panels.line(
                            chart,
                            outcome.name() + String.format(" (MSE %.2g)", outcome.finalMse()),
                            times,
                            toDouble(outcome.trajectory()),
                            Panels.colorOf(outcome.name()))
                    .setLineWidth(2.5f);
        }
        Panels.line(
                        chart,
                        "y = pi (where y' = 0)",
                        new double[] {times[0], times[times.length - 1]},
                        new double[] {Math.PI, Math.PI},
                        Color.GRAY)
                .setLineStyle(SeriesLines.DASH_DASH);
        Panels.save(List.of(chart), file);
    }

    /** {@code loss_curves.png}: training MSE (log scale) and forward NFE per iteration. */
    private static void plotCurves(List<SinesFit.Outcome> outcomes, Path file) throws IOException {
        XYChart loss = Panels.panel("Training MSE", "iteration", "MSE");
        loss.getStyler().setYAxisLogarithmic(true);
        XYChart nfe = Panels.panel("Forward evaluations per iteration", "iteration", "NFE");
        for (XYChart chart : List.of(loss, nfe)) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisDecimalPattern("0");
        }
        for (SinesFit.Outcome outcome : outcomes) {
            double[] steps = new double[outcome.history().epochs()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = i + 1;
            }
            String name = outcome.name();
            Color color = Panels.colorOf(name);
            Panels.line(loss, name, steps, outcome.history().curve("train_loss"), color);
            Panels.line(nfe, name, steps, outcome.history().curve("nfe_forward_per_batch"), color);
        }
        Panels.save(List.of(loss, nfe), file);
    }

    private static double min(double[] values) {
        double least = Double.POSITIVE_INFINITY;
        for (double v : values) {
            least = Math.min(least, v);
        }
        return least;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
