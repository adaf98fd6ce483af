package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metrics CSV: appended epoch by epoch, rewritten when a run starts or a column appears. */
class MetricsCsvTest {

    @Test
    void appendedRowsEqualAFullRewriteAndANewRunReplacesStaleRows(@TempDir Path tmp)
            throws IOException {
        Path file = tmp.resolve("m.csv");
        List<EpochMetrics> history = new ArrayList<>();
        MetricsCsv csv = new MetricsCsv(file);
        for (int epoch = 1; epoch <= 3; epoch++) {
            history.add(epoch(epoch, Map.of("loss", 1.0 / epoch)));
            csv.update(history);
        }
        List<String> expected =
                List.of(
                        "epoch,iterations,loss",
                        "1,10,1.0000000000000000",
                        "2,20,0.50000000000000000",
                        "3,30,0.33333333333333330");
        assertEquals(expected, Files.readAllLines(file));

        // a killed run's extra rows and a torn last line: the resumed run's writer starts over
        Files.writeString(file, "4,40,0.25\n5,5", java.nio.file.StandardOpenOption.APPEND);
        MetricsCsv resumed = new MetricsCsv(file);
        resumed.update(history);
        assertEquals(expected, Files.readAllLines(file));

        // a metric that appears later widens the header; earlier rows leave it empty
        Map<String, Double> wider = new LinkedHashMap<>();
        wider.put("loss", 0.25);
        wider.put("accuracy", 0.5);
        history.add(epoch(4, wider));
        resumed.update(history);
        List<String> lines = Files.readAllLines(file);
        assertEquals("epoch,iterations,loss,accuracy", lines.get(0));
        assertEquals("1,10,1.0000000000000000,", lines.get(1));
        assertEquals("4,40,0.25000000000000000,0.50000000000000000", lines.get(4));
    }

    private static EpochMetrics epoch(int epoch, Map<String, Double> values) {
        return new EpochMetrics(epoch, 10L * epoch, values);
    }
}
