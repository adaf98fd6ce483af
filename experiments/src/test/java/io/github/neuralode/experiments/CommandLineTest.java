package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void demoQuickLearnsTheSpiralWindowsAndWritesPlots(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("demo", "--quick", "--out", out.toString()));
        JsonObject results = read(out);
        assertTrue(results.get("final_window_loss").getAsDouble() < 0.1, results.toString());
        assertTrue(Files.size(out.resolve("spiral.png")) > 1000);
        assertEquals(1001, Files.readAllLines(out.resolve("trajectory.csv")).size());
    }

    @Test
    void unknownCommandFailsWithNonZeroStatus() {
        assertNotEquals(0, NeuralOdeCli.execute("no-such-command"));
    }

    private static JsonObject read(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
    }
}
