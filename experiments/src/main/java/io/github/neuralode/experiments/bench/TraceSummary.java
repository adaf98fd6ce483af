package io.github.neuralode.experiments.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a PyTorch operator trace (Chrome trace format, from {@code OpProfiler}) into where the
 * time went: forward matrix products, forward element-wise and other operators, stacking, and the
 * autograd backward (its matrix products and the rest), plus the part of the wall time spent
 * outside native operators (Java, JNI and DJL's bookkeeping). Only top-level operators count, so
 * nested calls are not counted twice. Times are summed over the traced runs, in milliseconds.
 */
public final class TraceSummary {

    private static final List<String> MATRIX =
            List.of("aten::linear", "aten::matmul", "aten::mm", "aten::addmm", "aten::bmm");

    private final Map<String, Double> millis = new LinkedHashMap<>();
    private double wallMillis;

    private TraceSummary() {
        for (String key :
                List.of(
                        "forward_matrix",
                        "forward_elementwise",
                        "forward_stack",
                        "backward_matrix",
                        "backward_other")) {
            millis.put(key, 0.0);
        }
    }

    /**
     * Reads and summarises a trace.
     *
     * @param trace the Chrome trace written by the profiler
     * @return the summary
     * @throws IOException if the file cannot be read
     */
    public static TraceSummary of(Path trace) throws IOException {
        JsonArray events;
        try (Reader reader = Files.newBufferedReader(trace)) {
            events = JsonParser.parseReader(reader).getAsJsonArray();
        }
        Map<String, List<JsonObject>> byThread = new HashMap<>();
        for (JsonElement element : events) {
            JsonObject event = element.getAsJsonObject();
            if (event.has("dur") && "X".equals(event.get("ph").getAsString())) {
                byThread.computeIfAbsent(event.get("tid").getAsString(), k -> new ArrayList<>()).add(event);
            }
        }
        TraceSummary summary = new TraceSummary();
        byThread.values().forEach(summary::addTopLevel);
        return summary;
    }

    private void addTopLevel(List<JsonObject> events) {
        events.sort(
                Comparator.comparingDouble((JsonObject e) -> e.get("ts").getAsDouble())
                        .thenComparingDouble(e -> -e.get("dur").getAsDouble()));
        double end = Double.NEGATIVE_INFINITY;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (JsonObject event : events) {
            double start = event.get("ts").getAsDouble();
            double duration = event.get("dur").getAsDouble();
            first = Math.min(first, start);
            last = Math.max(last, start + duration);
            if (start >= end) {
                millis.merge(category(event.get("name").getAsString()), duration / 1000, Double::sum);
                end = start + duration;
            }
        }
        wallMillis = Math.max(wallMillis, (last - first) / 1000);
    }

    private static String category(String name) {
        if (name.startsWith("autograd::engine")) {
            boolean matrix = name.contains("Mm") || name.contains("Addmm") || name.contains("Bmm");
            return matrix ? "backward_matrix" : "backward_other";
        }
        if (MATRIX.contains(name)) {
            return "forward_matrix";
        }
        return "aten::stack".equals(name) || "aten::cat".equals(name)
                ? "forward_stack"
                : "forward_elementwise";
    }

    /**
     * Returns the milliseconds per category, plus {@code native} (all operators) and {@code
     * outside_native} (wall time not spent in any operator).
     *
     * @return category to milliseconds, in a stable order
     */
    public Map<String, Double> millis() {
        Map<String, Double> result = new LinkedHashMap<>(millis);
        double nativeMillis = millis.values().stream().mapToDouble(Double::doubleValue).sum();
        result.put("native", nativeMillis);
        result.put("outside_native", Math.max(0, wallMillis - nativeMillis));
        return result;
    }
}
