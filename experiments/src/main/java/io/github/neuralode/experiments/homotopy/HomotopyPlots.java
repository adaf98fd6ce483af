package io.github.neuralode.experiments.homotopy;

import io.github.neuralode.data.systems.Trajectory;
import io.github.neuralode.experiments.Panels;
import io.github.neuralode.models.homotopy.TrajectoryFit;
import io.github.neuralode.train.FitResult;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The figures of one homotopy study, from its first seed's runs (the paper's Figs. 3-6): the
 * coupled loss and {@code lambda} of homotopy training against epoch, every method's uncoupled
 * MSE against epoch, and the data with each method's best model over the training window and
 * beyond, the window's end marked.
 */
final class HomotopyPlots {

    private static final Color DATA_COLOR = new Color(0x44, 0x44, 0x44);
    private static final Color HELD_OUT_COLOR = new Color(0xAA, 0xAA, 0xAA);

    private HomotopyPlots() {}

    /** Writes the study's three PNGs into {@code out}. */
    static void write(Study study, Map<HomotopyRecipe.Method, List<HomotopyCommand.Run>> runs, Path out)
            throws IOException {
        List<HomotopyCommand.Run> homotopy = runs.get(HomotopyRecipe.Method.HOMOTOPY);
        if (homotopy != null) {
            lossAndLambda(study, homotopy.get(0).outcome().history(), out.resolve(study.name() + "-loss-lambda.png"));
        }
        uncoupledMse(study, runs, out.resolve(study.name() + "-uncoupled-mse.png"));
        trajectories(study, runs, out.resolve(study.name() + "-trajectories.png"));
    }

    private static void lossAndLambda(Study study, FitResult history, Path file) throws IOException {
        XYChart loss = Panels.panel(study.name() + ": homotopy loss", "epoch", "MSE", 520, 400);
        loss.getStyler().setYAxisLogarithmic(true);
        loss.getStyler().setXAxisDecimalPattern("0");
        loss.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        Panels.positiveCurve(loss, "coupled (training) loss", history.curve("train_loss"), color(HomotopyRecipe.Method.HOMOTOPY));
        Panels.positiveCurve(loss, "uncoupled MSE", history.curve("uncoupled_mse"), DATA_COLOR);
        XYChart lambda = Panels.panel(study.name() + ": coupling", "epoch", "lambda", 520, 400);
        lambda.getStyler().setXAxisDecimalPattern("0");
        lambda.getStyler().setLegendVisible(false);
        double[] levels = history.curve("lambda");
        Panels.line(lambda, "lambda", epochs(levels.length), levels, color(HomotopyRecipe.Method.HOMOTOPY));
        Panels.save(List.of(loss, lambda), file);
    }

    private static void uncoupledMse(
            Study study, Map<HomotopyRecipe.Method, List<HomotopyCommand.Run>> runs, Path file)
            throws IOException {
        XYChart chart = Panels.panel(study.name() + ": MSE of the model alone", "epoch", "MSE", 640, 440);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Map.Entry<HomotopyRecipe.Method, List<HomotopyCommand.Run>> entry : runs.entrySet()) {
            FitResult history = entry.getValue().get(0).outcome().history();
            Panels.positiveCurve(chart, entry.getKey().key(), history.curve("uncoupled_mse"), color(entry.getKey()));
        }
        Panels.save(List.of(chart), file);
    }

    private static void trajectories(
            Study study, Map<HomotopyRecipe.Method, List<HomotopyCommand.Run>> runs, Path file)
            throws IOException {
        Trajectory training = study.training();
        Trajectory heldOut = study.heldOut();
        int n = training.dimension();
        double end = training.times()[training.size() - 1];
        List<XYChart> panels = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            XYChart chart = Panels.panel(study.name() + ": u" + (j + 1), "time", "u" + (j + 1), 420, 340);
            chart.getStyler().setLegendVisible(j == 0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setMarkerSize(4);
            double[] trained = Panels.column(training.values(), j);
            double[] later = Panels.column(heldOut.values(), j);
            double[] all = concat(trained, later);
            Panels.fitYRange(chart, all);
            scatter(chart, "data", training.times(), trained, DATA_COLOR);
            scatter(chart, "held out", heldOut.times(), later, HELD_OUT_COLOR);
            for (Map.Entry<HomotopyRecipe.Method, List<HomotopyCommand.Run>> entry : runs.entrySet()) {
                TrajectoryFit.Outcome outcome = entry.getValue().get(0).outcome();
                if (outcome.prediction() == null) {
                    continue;
                }
                double[] predicted = Panels.column(outcome.prediction(), j);
                if (Arrays.stream(predicted).allMatch(Double::isFinite)) {
                    Panels.line(chart, entry.getKey().key(), outcome.times(), predicted, color(entry.getKey()))
                            .setLineWidth(2f);
                }
            }
            double low = chart.getStyler().getYAxisMin();
            double high = chart.getStyler().getYAxisMax();
            XYSeries marker = chart.addSeries("end of training", new double[] {end, end}, new double[] {low, high});
            marker.setMarker(SeriesMarkers.NONE);
            marker.setLineColor(DATA_COLOR);
            marker.setLineStyle(SeriesLines.DASH_DASH);
            panels.add(chart);
        }
        int columns = n == 4 ? 2 : n;
        Panels.saveGrid(panels, (n + columns - 1) / columns, columns, file);
    }

    private static void scatter(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
    }

    private static Color color(HomotopyRecipe.Method method) {
        return switch (method) {
            case HOMOTOPY -> Panels.ANODE_COLOR;
            case VANILLA -> Panels.NODE_COLOR;
            case MULTIPLE_SHOOTING -> new Color(0x75, 0x70, 0xB3);
        };
    }

    private static double[] epochs(int count) {
        double[] x = new double[count];
        for (int e = 0; e < count; e++) {
            x[e] = e + 1;
        }
        return x;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
