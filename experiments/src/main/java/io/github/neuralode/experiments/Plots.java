package io.github.neuralode.experiments;

import io.github.neuralode.io.AtomicFiles;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;

/**
 * PNG line charts with XChart (headless), written atomically like every result file.
 */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /**
     * Creates an empty chart.
     *
     * @param title the title
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @return the chart, 800 x 600 pixels
     */
    public static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(600)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /**
     * Adds a line without markers.
     *
     * @param chart the chart
     * @param name the legend entry
     * @param x the x values
     * @param y the y values
     */
    public static void line(XYChart chart, String name, double[] x, double[] y) {
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }

    /**
     * Writes a chart as a PNG file atomically.
     *
     * @param chart the chart
     * @param file the target, ending in .png
     * @throws IOException if writing fails
     */
    public static void save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(
                file,
                temporary ->
                        BitmapEncoder.saveBitmap(
                                chart, temporary.toString(), BitmapEncoder.BitmapFormat.PNG));
    }
}
