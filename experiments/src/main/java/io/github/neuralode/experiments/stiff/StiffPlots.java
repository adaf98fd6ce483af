package io.github.neuralode.experiments.stiff;

import io.github.neuralode.data.kinetics.KineticsSeries;
import io.github.neuralode.experiments.Panels;
import io.github.neuralode.models.stiff.StiffFit;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stiff commands' figures (the paper's Figs. 4-8): every species' data against the trained
 * models, and the normalised MAE and gradient norm against epoch ({@link Panels#positiveCurve}).
 */
final class StiffPlots {

    private static final Color DATA_COLOR = new Color(0x44, 0x44, 0x44);

    private StiffPlots() {}

    /**
     * Writes {@code trajectories.png}: one panel per species (log time axis for ROBER; each panel
     * on its own y scale, so ROBER's y2 shows at 1e-5).
     */
    static void trajectories(
            StiffRecipe recipe,
            KineticsSeries series,
            Map<StiffRecipe.Model, StiffFit.Outcome> outcomes,
            Path file)
            throws IOException {
        int n = series.species();
        String[] names = StiffRecipe.speciesNames(n);
        double[] times = series.times();
        List<XYChart> panels = new ArrayList<>();
        int size = n <= 3 ? 420 : 300;
        for (int i = 0; i < n; i++) {
            XYChart chart = Panels.panel(names[i], "time", names[i], size, (int) (size * 0.8));
            chart.getStyler().setXAxisLogarithmic(recipe.logTime());
            if (!recipe.logTime()) {
                chart.getStyler().setXAxisDecimalPattern("0");
            }
            chart.getStyler().setLegendVisible(i == 0);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setMarkerSize(5);
            double[] truth = Panels.column(series.values(), i);
            Panels.fitYRange(chart, truth);
            XYSeries data = chart.addSeries("data", times, truth);
            data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            data.setMarker(SeriesMarkers.CIRCLE);
            data.setMarkerColor(DATA_COLOR);
            for (Map.Entry<StiffRecipe.Model, StiffFit.Outcome> entry : outcomes.entrySet()) {
                double[] predicted = Panels.column(entry.getValue().finalPrediction(), i);
                if (allFinite(predicted)) {
                    Color color = color(entry.getKey());
                    Panels.line(chart, entry.getKey().key(), times, predicted, color)
                            .setLineWidth(2f);
                }
            }
            panels.add(chart);
        }
        int columns = n <= 3 ? n : 5;
        Panels.saveGrid(panels, (n + columns - 1) / columns, columns, file);
    }

    /** Writes {@code loss_grad.png}: normalised MAE and gradient norm per epoch, log scales. */
    static void curves(
            StiffRecipe recipe, Map<StiffRecipe.Model, StiffFit.Outcome> outcomes, Path file)
            throws IOException {
        XYChart loss =
                Panels.panel(recipe + ": normalised MAE", "epoch", "normalised MAE", 560, 420);
        XYChart gradient = Panels.panel(recipe + ": gradient norm", "epoch", "L2 norm", 560, 420);
        for (XYChart chart : List.of(loss, gradient)) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisDecimalPattern("0");
        }
        for (Map.Entry<StiffRecipe.Model, StiffFit.Outcome> entry : outcomes.entrySet()) {
            String name = entry.getKey().key();
            Color color = color(entry.getKey());
            double[] mae = entry.getValue().history().curve("normalized_mae");
            double[] norm = entry.getValue().history().curve("grad_norm");
            Panels.positiveCurve(loss, name, mae, color);
            Panels.positiveCurve(gradient, name, norm, color);
        }
        Panels.save(List.of(loss, gradient), file);
    }

    private static Color color(StiffRecipe.Model model) {
        return model == StiffRecipe.Model.SCALED ? Panels.ANODE_COLOR : Panels.NODE_COLOR;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
