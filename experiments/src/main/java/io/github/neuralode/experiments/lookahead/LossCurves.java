package io.github.neuralode.experiments.lookahead;

import io.github.neuralode.experiments.Results;
import io.github.neuralode.models.lookahead.StudyRun;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loss curves of the Lookahead study: a CSV ({@code method,lr,k,evaluations,loss}; k is 0
 * for gradient descent) and one PNG with a panel per k showing gradient descent and Lookahead
 * for every learning rate, loss (log scale) against gradient evaluations.
 */
final class LossCurves {

    private record Curve(String method, double lr, int k, StudyRun run) {}

    private final List<Curve> curves = new ArrayList<>();

    void add(String method, double lr, int k, StudyRun run) {
        curves.add(new Curve(method, lr, k, run));
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder text = new StringBuilder("method,lr,k,evaluations,loss\n");
        for (Curve c : curves) {
            double[] x = c.run().evaluations();
            double[] y = c.run().losses();
            for (int i = 0; i < x.length; i++) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%s,%d,%d,%.17g%n",
                                c.method(),
                                LookaheadCommand.format(c.lr()),
                                c.k(),
                                (long) x[i],
                                y[i]));
            }
        }
        Results.writeAtomically(file, text.toString());
    }

    void plot(Path fileWithoutExtension, int[] periods) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> panels = new ArrayList<>();
        for (int k : periods) {
            XYChart chart =
                    new XYChartBuilder()
                            .width(520)
                            .height(420)
                            .title("k = " + k + " (alpha 0.5)")
                            .xAxisTitle("gradient evaluations")
                            .yAxisTitle("loss")
                            .build();
            chart.getStyler().setYAxisLogarithmic(true);
            for (Curve c : curves) {
                if (c.k() == 0 || c.k() == k) {
                    String label =
                            (c.k() == 0 ? "GD" : "Lookahead") + " lr " + LookaheadCommand.format(c.lr());
                    chart.addSeries(label, c.run().evaluations(), positive(c.run().losses()))
                            .setMarker(SeriesMarkers.NONE);
                }
            }
            panels.add(chart);
        }
        BitmapEncoder.saveBitmap(
                panels, 1, panels.size(), fileWithoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double[] positive(double[] values) {
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Math.max(copy[i], 1e-300);
        }
        return copy;
    }
}
