package io.github.neuralode.experiments.anode;

import io.github.neuralode.experiments.Panels;

import io.github.neuralode.data.toy.LabelledPoints;
import io.github.neuralode.data.toy.NestedSpheres;
import io.github.neuralode.train.FitResult;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code spheres} command's figures: {@code decision_maps.png}, {@code flows.png} and {@code
 * loss_curves.png}, one panel per model (or per metric for the curves).
 */
final class SpheresPlots {

    /** Output levels of the decision map: below -0.5, -0.5 to 0, 0 to 0.5, above 0.5. */
    private static final double[] LEVEL_BOUNDS = {-0.5, 0, 0.5};
    private static final Color[] LEVEL_COLORS = {
        new Color(0x9E, 0xC5, 0xE8),
        new Color(0xD6, 0xE6, 0xF5),
        new Color(0xF8, 0xD9, 0xD0),
        new Color(0xEE, 0xA8, 0x94)
    };
    private static final String[] LEVEL_NAMES = {
        "output < -0.5", "-0.5 to 0", "0 to 0.5", "output > 0.5"
    };
    private static final Color INNER_COLOR = new Color(0x21, 0x66, 0xAC);
    private static final Color OUTER_COLOR = new Color(0xB2, 0x18, 0x2B);
    /** Test points drawn per class on a decision map (more would hide the map). */
    private static final int SHOWN_PER_CLASS = 150;

    private SpheresPlots() {}

    /**
     * Writes {@code decision_maps.png}: per model, the sign and size of its output over the grid
     * as coloured cells, with test points of both classes on top.
     *
     * @param outcomes the trained models
     * @param grid the grid points, in the order of {@link SpheresFit.Outcome#gridOutputs}
     * @param cell the grid spacing (sets the cell marker size)
     * @param test the test points
     * @param file the target
     * @throws IOException if writing fails
     */
    static void decisionMaps(
            List<SpheresFit.Outcome> outcomes,
            float[][] grid,
            double cell,
            LabelledPoints test,
            Path file)
            throws IOException {
        List<XYChart> panels = new ArrayList<>();
        for (SpheresFit.Outcome outcome : outcomes) {
            XYChart chart =
                    Panels.panel(
                            outcome.name() + ": output over [-2, 2]^2 (test accuracy "
                                    + String.format("%.1f %%)", outcome.last("test_accuracy")),
                            "x1",
                            "x2");
            chart.getStyler().setMarkerSize(markerSize(cell));
            chart.getStyler().setXAxisMin(-2.0).setXAxisMax(2.0).setYAxisMin(-2.0).setYAxisMax(2.0);
            addLevels(chart, grid, outcome.gridOutputs());
            addTestPoints(chart, test);
            panels.add(chart);
        }
        Panels.save(panels, file);
    }

    /** A marker a little wider than a grid cell on a 560-pixel panel (about 440 pixels of plot). */
    private static int markerSize(double cell) {
        return (int) Math.ceil(440 * cell / 4.0) + 1;
    }

    private static void addLevels(XYChart chart, float[][] grid, float[] outputs) {
        for (int level = 0; level < LEVEL_COLORS.length; level++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < outputs.length; i++) {
                if (levelOf(outputs[i]) == level) {
                    x.add((double) grid[i][0]);
                    y.add((double) grid[i][1]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(LEVEL_NAMES[level], x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.SQUARE);
            series.setMarkerColor(LEVEL_COLORS[level]);
        }
    }

    private static int levelOf(float output) {
        int level = 0;
        while (level < LEVEL_BOUNDS.length && output > LEVEL_BOUNDS[level]) {
            level++;
        }
        return level;
    }

    private static void addTestPoints(XYChart chart, LabelledPoints test) {
        float[][] points = test.inputs();
        float[] labels = test.targets();
        for (float label : new float[] {NestedSpheres.INNER_LABEL, NestedSpheres.OUTER_LABEL}) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < points.length && x.size() < SHOWN_PER_CLASS; i++) {
                if (labels[i] == label) {
                    x.add((double) points[i][0]);
                    y.add((double) points[i][1]);
                }
            }
            boolean inner = label == NestedSpheres.INNER_LABEL;
            String name = inner ? "test: -1 (disc)" : "test: +1 (annulus)";
            XYSeries series = chart.addSeries(name, x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(inner ? INNER_COLOR : OUTER_COLOR);
        }
    }

    /**
     * Writes {@code flows.png}: per model, the trajectories of the flow starts through the ODE
     * in the first two state coordinates, coloured by class, with a dot at each end point; for an
     * augmented model also a panel of state 1 against the first augmented coordinate, where the
     * disc is lifted away from the annulus.
     *
     * @param outcomes the trained models
     * @param inner for each flow start, whether it is an inner (-1) point
     * @param file the target
     * @throws IOException if writing fails
     */
    static void flows(List<SpheresFit.Outcome> outcomes, boolean[] inner, Path file)
            throws IOException {
        List<XYChart> panels = new ArrayList<>();
        for (SpheresFit.Outcome outcome : outcomes) {
            panels.add(flowPanel(outcome, inner, 1));
            if (outcome.flows()[0][0].length > 2) {
                panels.add(flowPanel(outcome, inner, 2));
            }
        }
        Panels.save(panels, file);
    }

    /** Trajectories of state 1 (x) against state {@code second + 1} (y). */
    private static XYChart flowPanel(SpheresFit.Outcome outcome, boolean[] inner, int second) {
        String yName = second == 1 ? "state 2" : "state " + (second + 1) + " (augmented)";
        XYChart chart =
                Panels.panel(
                        outcome.name() + ": flow for t in [0, 1], state 1 vs " + yName,
                        "state 1",
                        yName);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendVisible(false);
        float[][][] flows = outcome.flows();
        for (int s = 0; s < flows.length; s++) {
            double[] x = new double[flows[s].length];
            double[] y = new double[flows[s].length];
            for (int t = 0; t < x.length; t++) {
                x[t] = flows[s][t][0];
                y[t] = flows[s][t][second];
            }
            Color color = inner[s] ? INNER_COLOR : OUTER_COLOR;
            Panels.line(chart, "path " + s, x, y, color);
            XYSeries end =
                    chart.addSeries(
                            "end " + s,
                            new double[] {x[x.length - 1]},
                            new double[] {y[y.length - 1]});
            end.setMarker(SeriesMarkers.CIRCLE);
            end.setMarkerColor(color);
            end.setLineColor(color);
        }
        return chart;
    }

    /**
     * Writes {@code loss_curves.png}: training MSE, test accuracy and forward evaluations per
     * batch against the epoch, both models in each panel.
     *
     * @param outcomes the trained models
     * @param file the target
     * @throws IOException if writing fails
     */
    static void curves(List<SpheresFit.Outcome> outcomes, Path file) throws IOException {
        XYChart loss = Panels.panel("Training MSE", "epoch", "MSE to the -1/+1 labels");
        XYChart accuracy = Panels.panel("Test accuracy", "epoch", "accuracy (%)");
        XYChart nfe = Panels.panel("Forward evaluations per batch", "epoch", "NFE");
        loss.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        nfe.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (SpheresFit.Outcome outcome : outcomes) {
            double[] epochs = new double[outcome.history().epochs()];
            for (int e = 0; e < epochs.length; e++) {
                epochs[e] = e + 1;
            }
            String name = outcome.name();
            Color color = Panels.colorOf(name);
            FitResult history = outcome.history();
            Panels.line(loss, name, epochs, history.curve("train_loss"), color);
            Panels.line(accuracy, name, epochs, history.curve("test_accuracy"), color);
            Panels.line(nfe, name, epochs, history.curve("nfe_forward_per_batch"), color);
        }
        Panels.save(List.of(loss, accuracy, nfe), file);
    }
}
