package io.github.neuralode.experiments.lookahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.neuralode.experiments.NeuralOdeCli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class LookaheadCommandTest {

    @Test
    void quickRunWritesEveryResultKeyWithSaneNumbers(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("lookahead", "--quick", "--out", out.toString()));
        JsonObject json =
                JsonParser.parseString(Files.readString(out.resolve("results.json")))
                        .getAsJsonObject();
        double initial = json.get("initial_loss").getAsDouble();
        for (String lr : new String[] {"0.01", "0.05", "0.1"}) {
            assertTrue(json.get("gd_lr" + lr + "_iterations").getAsDouble() >= 1);
            assertTrue(json.get("gd_lr" + lr + "_final_loss").getAsDouble() < initial);
            for (int k : new int[] {4, 6, 8}) {
                String prefix = "lookahead_lr" + lr + "_k" + k;
                double fast = json.get(prefix + "_iterations").getAsDouble();
                double slow = json.get(prefix + "_slow_iterations").getAsDouble();
                assertEquals(fast, k * slow, 0.0, prefix);
                assertTrue(json.get(prefix + "_final_loss").getAsDouble() < initial, prefix);
            }
        }
        assertTrue(json.get("euler_adjoint_rel_error").getAsDouble() < 1e-10);
        assertTrue(
                json.get("spiral_adam_final_loss").getAsDouble()
                        < json.get("spiral_adam_initial_loss").getAsDouble());
        assertTrue(Files.size(out.resolve("loss_curves.png")) > 1000);
        assertTrue(Files.readAllLines(out.resolve("loss_curves.csv")).size() > 12);
    }
}
