package io.github.neuralode.experiments;

import io.github.neuralode.io.AtomicFiles;

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

/**
 * The commands' XChart figures: a panel factory, lines with or without a chosen colour (two
 * models' colours), and one PNG holding one panel, a row or a grid of them, written atomically.
 */
public final class Panels {

    /** The most points a per-epoch curve is drawn with. */
    public static final int MAX_CURVE_POINTS = 4_000;

    /** The plain neural ODE's colour (orange). */
    public static final Color NODE_COLOR = new Color(0xD9, 0x5F, 0x02);
    /** The augmented neural ODE's colour (teal). */
    public static final Color ANODE_COLOR = new Color(0x1B, 0x9E, 0x77);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Panels() {}

    /**
     * Creates an empty panel without markers.
     *
     * @param title the title
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @return a 560 x 480 chart
     */
    public static XYChart panel(String title, String xLabel, String yLabel) {
        return panel(title, xLabel, yLabel, 560, 480);
    }

    /**
     * Creates an empty panel without markers, of a given size.
     *
     * @param title the title
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @param width the width in pixels
     * @param height the height in pixels
     * @return the chart
     */
    public static XYChart panel(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart =
                new XYChartBuilder()
                        .width(width)
                        .height(height)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /**
     * Adds a line without markers in the chart's next default colour.
     *
     * @param chart the chart
     * @param name the legend entry (unique within the chart)
     * @param x the x values
     * @param y the y values
     * @return the series
     */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }

    /**
     * Adds a coloured line without markers.
     *
     * @param chart the chart
     * @param name the legend entry (unique within the chart)
     * @param x the x values
     * @param y the y values
     * @param color the line colour
     * @return the series
     */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(SeriesLines.SOLID);
        return series;
    }

    /**
     * Returns the colour of a model by its name.
     *
     * @param model {@code "NODE"} or an augmented model's name
     * @return {@link #NODE_COLOR} or {@link #ANODE_COLOR}
     */
    public static Color colorOf(String model) {
        return model.equals("NODE") ? NODE_COLOR : ANODE_COLOR;
    }

    /**
     * Writes panels side by side as one PNG, atomically.
     *
     * @param panels the charts, left to right
     * @param file the target, ending in .png
     * @throws IOException if writing fails
     */
    public static void save(List<XYChart> panels, Path file) throws IOException {
        saveGrid(panels, 1, panels.size(), file);
    }

    /**
     * Writes panels as a grid in one PNG, atomically, row by row.
     *
     * @param panels the charts, at most {@code rows * columns}
     * @param rows the rows of the grid
     * @param columns the columns of the grid
     * @param file the target, ending in .png
     * @throws IOException if writing fails
     */
    public static void saveGrid(List<XYChart> panels, int rows, int columns, Path file)
            throws IOException {
        AtomicFiles.write(
                file,
                temporary ->
                        BitmapEncoder.saveBitmap(
                                panels,
                                rows,
                                columns,
                                temporary.toString(),
                                BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Adds a per-epoch curve for a logarithmic axis: epoch {@code e + 1} against {@code
     * values[e]}, leaving out values that are not positive and finite, thinned to at most {@value
     * #MAX_CURVE_POINTS} points by taking every k-th epoch.
     *
     * @param chart the chart
     * @param name the legend entry (unique within the chart)
     * @param values one value per epoch
     * @param color the line colour
     */
    public static void positiveCurve(XYChart chart, String name, double[] values, Color color) {
        int stride = Math.max(1, (values.length + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int e = 0; e < values.length; e += stride) {
            if (values[e] > 0 && Double.isFinite(values[e])) {
                x.add(e + 1.0);
                y.add(values[e]);
            }
        }
        if (!x.isEmpty()) {
            line(
                    chart,
                    name,
                    x.stream().mapToDouble(Double::doubleValue).toArray(),
                    y.stream().mapToDouble(Double::doubleValue).toArray(),
                    color);
        }
    }

    /**
     * Returns one component of row-major states, for plotting it against time.
     *
     * @param rows the states {@code [time][component]}
     * @param index the component
     * @return its value at every time
     */
    public static double[] column(double[][] rows, int index) {
        double[] values = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            values[r] = rows[r][index];
        }
        return values;
    }

    /**
     * Sets the y range to the data's with a margin of a fifth of its span on each side, so that
     * each quantity shows on its own scale and a diverging model leaves the panel instead of
     * flattening the data.
     *
     * @param chart the chart
     * @param data the values that must show
     */
    public static void fitYRange(XYChart chart, double[] data) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        double span = high - low > 0 ? high - low : Math.max(Math.abs(high), 1e-30);
        chart.getStyler().setYAxisMin(low - 0.2 * span);
        chart.getStyler().setYAxisMax(high + 0.2 * span);
        if (span < 1e-3) {
            chart.getStyler().setYAxisDecimalPattern("0.##E0");
        }
    }
}
