package io.github.neuralode.train;

import io.github.neuralode.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps a metric history's CSV file up to date during one run: columns {@code epoch,iterations}
 * then every metric name in order of first appearance; a missing value is left empty.
 *
 * <p>The first update of a run rewrites the whole file atomically from the history (after a
 * resume the file then matches the restored history exactly, whatever rows a killed run had
 * written after its checkpoint); later updates append the new epochs' rows, so that an epoch
 * costs the same at epoch 50,000 as at epoch 1. A row with a metric the header lacks rewrites the
 * whole file with the wider header. A kill during an append may leave a partial last row, which
 * the resumed run's first update replaces.
 */
final class MetricsCsv {

    private final Path file;
    private final Set<String> columns = new LinkedHashSet<>();
    private int writtenRows = -1;

    /**
     * Creates the writer.
     *
     * @param file the CSV file (parent folders are created on the first update)
     */
    MetricsCsv(Path file) {
        this.file = file;
    }

    /**
     * Brings the file up to date with the history.
     *
     * @param history the metrics of all finished epochs of the run
     * @throws UncheckedIOException if the file cannot be written
     */
    void update(List<EpochMetrics> history) {
        List<EpochMetrics> fresh =
                writtenRows < 0 || writtenRows > history.size()
                        ? null
                        : history.subList(writtenRows, history.size());
        if (fresh == null || !fitsHeader(fresh)) {
            rewrite(history);
            return;
        }
        StringBuilder text = new StringBuilder();
        fresh.forEach(epoch -> appendRow(text, epoch));
        try {
            Files.writeString(
                    file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        writtenRows = history.size();
    }

    private boolean fitsHeader(List<EpochMetrics> rows) {
        for (EpochMetrics epoch : rows) {
            if (!columns.containsAll(epoch.values().keySet())) {
                return false;
            }
        }
        return true;
    }

    private void rewrite(List<EpochMetrics> history) {
        columns.clear();
        history.forEach(e -> columns.addAll(e.values().keySet()));
        StringBuilder text = new StringBuilder("epoch,iterations");
        columns.forEach(name -> text.append(',').append(name));
        text.append('\n');
        history.forEach(epoch -> appendRow(text, epoch));
        try {
            AtomicFiles.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        writtenRows = history.size();
    }

    private void appendRow(StringBuilder text, EpochMetrics epoch) {
        text.append(epoch.epoch()).append(',').append(epoch.iterations());
        for (String name : columns) {
            Double value = epoch.values().get(name);
            text.append(',');
            if (value != null) {
                text.append(String.format(Locale.ROOT, "%.17g", value));
            }
        }
        text.append('\n');
    }
}
