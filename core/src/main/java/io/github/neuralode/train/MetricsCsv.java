package io.github.neuralode.train;

import io.github.neuralode.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a metric history as CSV: columns {@code epoch,iterations} then every metric name in
 * order of first appearance; a missing value is left empty. The whole file is rewritten
 * atomically after every epoch, so after a resume it matches the restored history exactly.
 */
public final class MetricsCsv {

    private MetricsCsv() {}

    /**
     * Writes the history.
     *
     * @param file the CSV file (parent folders are created)
     * @param history the metrics of all finished epochs
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, List<EpochMetrics> history) {
        Set<String> names = new LinkedHashSet<>();
        history.forEach(e -> names.addAll(e.values().keySet()));
        StringBuilder text = new StringBuilder("epoch,iterations");
        names.forEach(name -> text.append(',').append(name));
        text.append('\n');
        for (EpochMetrics epoch : history) {
            text.append(epoch.epoch()).append(',').append(epoch.iterations());
            for (String name : names) {
                Double value = epoch.values().get(name);
                text.append(',');
                if (value != null) {
                    text.append(String.format(Locale.ROOT, "%.17g", value));
                }
            }
            text.append('\n');
        }
        writeAtomically(file, text.toString());
    }

    static void writeAtomically(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
