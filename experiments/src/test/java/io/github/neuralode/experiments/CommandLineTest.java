package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The command-line contract: each command's --quick run writes results.json with its keys. */
class CommandLineTest {

    @Test
    void benchSolveQuickWritesEveryDocumentedKey(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("bench-solve", "--quick", "--threads", "1", "--out", out.toString()));
        JsonObject results = read(out);
        for (String key :
                new String[] {
                    "lv_b64_nfe",
                    "lv_b64_forward_ms",
                    "lv_b64_forward_backward_ms",
                    "rk4_b512_forward_ms",
                    "rk4_b512_forward_backward_ms",
                    "reference_max_abs_error"
                }) {
            assertTrue(results.has(key), "missing " + key + " in " + results);
            assertTrue(results.get(key).getAsDouble() > 0, key);
        }
        assertTrue(results.get("reference_max_abs_error").getAsDouble() < 1e-5, "rtol 1e-7 solution is off");
        assertTrue(results.get("lv_b64_nfe").getAsDouble() < 1000, "W1 should need a few hundred evaluations");
    }

    @Test
    void benchSolveRunsOnlyTheRequestedWorkloadsAndRejectsUnknownOnes(@TempDir Path out)
            throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "bench-solve", "--quick", "--workloads", "rk4_b512", "--warmup", "0", "--hold", "0.2",
                        "--out", out.toString()));
        JsonObject results = read(out);
        assertTrue(results.has("rk4_b512_forward_backward_ms"), results.toString());
        assertTrue(results.get("rk4_b512_hold_repeats").getAsInt() >= 1, results.toString());
        assertTrue(!results.has("lv_b64_nfe") && !results.has("reference_max_abs_error"), results.toString());
        JsonObject workloads =
                JsonParser.parseString(Files.readString(out.resolve("workloads.json"))).getAsJsonObject();
        assertEquals(java.util.Set.of("rk4_b512"), workloads.keySet());
        assertNotEquals(0, NeuralOdeCli.execute("bench-solve", "--workloads", "lv_b2", "--out", out.toString()));
        assertNotEquals(0, NeuralOdeCli.execute("bench-solve", "--warmup", "-1", "--out", out.toString()));
        assertNotEquals(0, NeuralOdeCli.execute("bench-solve", "--hold", "-1", "--out", out.toString()));
    }

    @Test
    void benchAdjointQuickWritesTimesMemoryAndErrorsForEverySensitivity(@TempDir Path out)
            throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "bench-adjoint", "--quick", "--steps", "20,60", "--memory", "IN_PROCESS",
                        "--out", out.toString()));
        JsonObject results = read(out);
        for (String sensitivity : new String[] {"direct", "checkpoint", "backsolve"}) {
            for (String key :
                    new String[] {
                        sensitivity + "_ms_60", sensitivity + "_peak_mb_60", "w1_b64_" + sensitivity + "_ms"
                    }) {
                assertTrue(results.has(key), "missing " + key + " in " + results);
                assertTrue(results.get(key).getAsDouble() >= 0, key);
            }
        }
        assertEquals(240, results.get("checkpoint_backward_nfe_60").getAsDouble(), "RK4 replay: 4 evaluations per step");
        assertEquals(240, results.get("backsolve_backward_nfe_60").getAsDouble(), 1, "RK4 backwards: 4 per step");
        assertTrue(results.get("checkpoint_rel_error_vs_direct").getAsDouble() < 1e-12, results.toString());
        assertTrue(results.get("w1_b64_checkpoint_rel_error_vs_direct").getAsDouble() < 1e-12);
        assertTrue(results.get("w1_b64_backsolve_rel_error_vs_direct").getAsDouble() < 1e-4);
    }

    @Test
    void gradCheckQuickReportsAdjointAndFiniteDifferenceErrors(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("grad-check", "--quick", "--batch", "4", "--out", out.toString()));
        JsonObject results = read(out);
        assertTrue(results.has("y0_checkpoint_vs_direct"), results.toString());
        assertTrue(results.get("max_checkpoint_vs_direct").getAsDouble() < 1e-9, results.toString());
        assertTrue(results.get("max_backsolve_vs_direct").getAsDouble() < 1e-5, results.toString());
        assertTrue(results.get("max_direct_vs_fd").getAsDouble() < 1e-5, results.toString());
    }

    @Test
    void demoQuickLearnsTheSpiralWindowsAndWritesPlots(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("demo", "--quick", "--out", out.toString()));
        JsonObject results = read(out);
        assertTrue(results.get("final_window_loss").getAsDouble() < 0.1, results.toString());
        assertTrue(Files.size(out.resolve("spiral.png")) > 1000);
        assertEquals(1001, Files.readAllLines(out.resolve("trajectory.csv")).size());
    }

    @Test
    void everyCommandTakesTheDeviceOption() {
        for (CommandLine command : NeuralOdeCli.commandLine().getSubcommands().values()) {
            CommandSpec spec = command.getCommandSpec();
            assertNotNull(spec.findOption("--device"), spec.name() + " has no --device");
        }
    }

    @Test
    void unknownCommandFailsWithNonZeroStatus() {
        assertNotEquals(0, NeuralOdeCli.execute("no-such-command"));
    }

    private static JsonObject read(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
    }
}
