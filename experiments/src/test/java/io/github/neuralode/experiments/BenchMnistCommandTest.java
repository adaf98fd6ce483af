package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench-mnist --quick} writes every documented key for the four W3 configurations and the
 * conv ANODE at batch 16, with function evaluations that match the solvers (RK4: 10 steps of 4
 * evaluations plus the initial derivative; DIRECT: no backward evaluations), first losses that
 * agree across configurations (same weights, same batch), and exports the weights and batches.
 */
class BenchMnistCommandTest {

    private static final List<String> W3 =
            List.of("w3_dopri5_direct", "w3_dopri5_checkpoint", "w3_rk4_direct", "w3_rk4_checkpoint");

    private static final List<String> STATS =
            List.of(
                    "iter_ms", "nfe_forward", "nfe_backward", "data_ms", "forward_ms",
                    "forward_solve_ms", "backward_ms", "optimizer_ms", "other_ms", "first_loss",
                    "last_loss");

    @Test
    void quickRunWritesEveryKeyWithSolverConsistentEvaluations(@TempDir Path out) throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "bench-mnist", "--quick", "--warmup", "0", "--runs", "2", "--conv-runs", "1",
                        "--out", out.toString()));
        JsonObject results = read(out.resolve("results.json"));
        assertEquals("conv_anode_b16", results.get("conv_key").getAsString());
        for (String key : concat(W3, "conv_anode_b16")) {
            for (String stat : STATS) {
                assertTrue(results.has(key + "_" + stat), "missing " + key + "_" + stat + " in " + results);
            }
            for (String stat : List.of("iter_ms", "forward_ms", "forward_solve_ms", "backward_ms", "optimizer_ms", "nfe_forward")) {
                assertTrue(value(results, key, stat) > 0, key + "_" + stat);
            }
            assertTrue(value(results, key, "data_ms") >= 0, key + "_data_ms");
            assertTrue(
                    value(results, key, "forward_solve_ms") <= value(results, key, "forward_ms") + 1e-9,
                    key + ": the solve is part of the forward pass");
        }
        // RK4: 4 stages per step; f(t + h, y1) is left to the next step, so the last is never needed
        assertEquals(4 * 10, value(results, "w3_rk4_direct", "nfe_forward"));
        assertEquals(4 * 10, value(results, "w3_rk4_checkpoint", "nfe_forward"));
        assertEquals(0, value(results, "w3_rk4_direct", "nfe_backward"));
        assertEquals(0, value(results, "w3_dopri5_direct", "nfe_backward"));
        double replay = value(results, "w3_rk4_checkpoint", "nfe_backward");
        assertTrue(replay >= 4 * 10 && replay % 10 == 0, "the adjoint replays each of the 10 steps: " + replay);
        assertTrue(value(results, "w3_dopri5_checkpoint", "nfe_backward") > 0);
        assertTrue(value(results, "conv_anode_b16", "nfe_backward") > 0);
        double first = value(results, "w3_dopri5_direct", "first_loss");
        assertEquals(Math.log(10), first, 0.5, "cross-entropy of 10 classes at a small random start");
        for (String key : W3) {
            assertEquals(first, value(results, key, "first_loss"), 1e-5, key + ": same weights, same batch");
        }
        for (String solver : List.of("dopri5", "rk4")) {
            assertEquals(
                    value(results, "w3_" + solver + "_direct", "last_loss"),
                    value(results, "w3_" + solver + "_checkpoint", "last_loss"),
                    1e-4,
                    solver + ": the checkpoint adjoint trains like DIRECT");
        }
        JsonObject workloads = read(out.resolve("workloads.json"));
        JsonObject w3 = workloads.getAsJsonObject("w3");
        assertShape(w3.getAsJsonObject("encoder").getAsJsonArray("weight"), 20, 784);
        assertEquals(3, w3.getAsJsonArray("field").size());
        assertShape(w3.getAsJsonObject("decoder").getAsJsonArray("weight"), 10, 20);
        assertShape(w3.getAsJsonArray("x"), 100, 784);
        assertEquals(100, w3.getAsJsonArray("labels").size());
        JsonObject conv = workloads.getAsJsonObject("conv_anode");
        JsonArray middle = conv.getAsJsonArray("field").get(1).getAsJsonObject().getAsJsonArray("weight");
        assertShape(middle, 64, 64 + 1);
        assertEquals(3, middle.get(0).getAsJsonArray().get(0).getAsJsonArray().size());
        assertShape(conv.getAsJsonObject("classifier").getAsJsonArray("weight"), 10, 6 * 784);
        assertShape(conv.getAsJsonArray("x"), 16, 1);
        assertEquals(2, workloads.getAsJsonObject("settings").get("runs").getAsInt());
    }

    /** {@code --profile} traces each selected W3 configuration and splits its operator time. */
    @Test
    void profileTracesTheSelectedConfiguration(@TempDir Path out) throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "bench-mnist", "--quick", "--warmup", "0", "--runs", "1", "--workloads",
                        "w3_rk4_direct", "--profile", "--out", out.toString()));
        assertTrue(Files.size(out.resolve("profile_w3_rk4_direct.json")) > 0);
        JsonObject results = read(out.resolve("results.json"));
        assertTrue(!results.has("w3_dopri5_direct_iter_ms"), "only the selected configuration runs");
        // DIRECT back-propagates through the field's 120 recorded products per iteration
        assertTrue(value(results, "w3_rk4_direct", "profile_forward_matrix_ms") > 0);
        assertTrue(value(results, "w3_rk4_direct", "profile_backward_matrix_ms") > 0);
        assertTrue(
                value(results, "w3_rk4_direct", "profile_native_ms")
                        >= value(results, "w3_rk4_direct", "profile_backward_matrix_ms"));
    }

    private static double value(JsonObject results, String key, String stat) {
        return results.get(key + "_" + stat).getAsDouble();
    }

    private static void assertShape(JsonArray rows, int first, int second) {
        assertEquals(first, rows.size());
        assertEquals(second, rows.get(0).getAsJsonArray().size());
    }

    private static List<String> concat(List<String> keys, String last) {
        return java.util.stream.Stream.concat(keys.stream(), java.util.stream.Stream.of(last)).toList();
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
