package io.github.neuralode.experiments.lookahead;

import io.github.neuralode.experiments.Results;
import io.github.neuralode.io.AtomicFiles;
import io.github.neuralode.models.lookahead.StudyRun;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loss curves of the Lookahead study: a CSV ({@code method,lr,k,evaluations,loss}; k is 0
 * for gradient descent) and one PNG with a panel per k showing gradient descent (dashed) and
 * Lookahead (solid) for every learning rate (one colour each), loss (log scale) against gradient
 * evaluations. Lookahead's curve is the loss of the slow weights after each synchronisation.
 */
final class LossCurves {

    private record Curve(String method, double lr, int k, StudyRun run) {}

    /** One colour per learning rate; gradient descent dashed, Lookahead solid. */
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), Color.BLACK
    };

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
                    String method = c.k() == 0 ? "GD" : "Lookahead";
                    String label = method + " lr " + LookaheadCommand.format(c.lr());
                    XYSeries series =
                            chart.addSeries(
                                    label, c.run().evaluations(), positive(c.run().losses()));
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineColor(COLORS[colorIndex(c.lr())]);
                    series.setLineStyle(c.k() == 0 ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
                }
            }
            panels.add(chart);
        }
        Path file = fileWithoutExtension.resolveSibling(fileWithoutExtension.getFileName() + ".png");
        AtomicFiles.write(
                file,
                temporary ->
                        BitmapEncoder.saveBitmap(
                                panels,
                                1,
                                panels.size(),
                                temporary.toString(),
                                BitmapEncoder.BitmapFormat.PNG));
    }

    private static int colorIndex(double lr) {
        for (int i = 0; i < LookaheadCommand.LEARNING_RATES.length; i++) {
            if (LookaheadCommand.LEARNING_RATES[i] == lr) {
                return i % COLORS.length;
            }
        }
        return COLORS.length - 1;
    }

    private static double[] positive(double[] values) {
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Math.max(copy[i], 1e-300);
        }
        return copy;
    }
}
