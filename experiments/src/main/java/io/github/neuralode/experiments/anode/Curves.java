package io.github.neuralode.experiments.anode;

import io.github.neuralode.experiments.Panels;

import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-epoch curves of several models, each the mean over its seeds: {@code
 * accuracy_curves.png} (test accuracy, percent) and {@code loss_curves.png} (training loss).
 */
final class Curves {

    private record Curve(String name, double[] accuracy, double[] loss) {}

    private final List<Curve> curves = new ArrayList<>();

    /**
     * Adds a model's fits.
     *
     * @param name the legend entry
     * @param records its fits (one per seed, with equal epoch counts)
     */
    void add(String name, List<FitRecord> records) {
        curves.add(new Curve(name, meanOf(records, true), meanOf(records, false)));
    }

    private static double[] meanOf(List<FitRecord> records, boolean accuracy) {
        int epochs = records.get(0).accuracy().length;
        double[] mean = new double[epochs];
        for (FitRecord record : records) {
            double[] values = accuracy ? record.accuracy() : record.trainLoss();
            for (int e = 0; e < epochs; e++) {
                mean[e] += values[e] / records.size();
            }
        }
        return mean;
    }

    /**
     * Writes both charts.
     *
     * @param folder the output folder
     * @throws IOException if a file cannot be written
     */
    void plot(Path folder) throws IOException {
        XYChart accuracy =
                Panels.panel("Test accuracy (mean over seeds)", "epoch", "accuracy (%)", 800, 600);
        XYChart loss =
                Panels.panel("Training loss (mean over seeds)", "epoch", "cross-entropy", 800, 600);
        for (Curve curve : curves) {
            double[] epochs = new double[curve.accuracy().length];
            for (int e = 0; e < epochs.length; e++) {
                epochs[e] = e + 1;
            }
            Panels.line(accuracy, curve.name(), epochs, curve.accuracy());
            Panels.line(loss, curve.name(), epochs, curve.loss());
        }
        Panels.save(List.of(accuracy), folder.resolve("accuracy_curves.png"));
        Panels.save(List.of(loss), folder.resolve("loss_curves.png"));
    }
}
