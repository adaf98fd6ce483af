package io.github.neuralode.experiments.anode;

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

/** The toy ANODE commands, {@code spheres} and {@code sines}, in their --quick variants. */
class ToyAnodeCommandsTest {

    @Test
    void spheresQuickWritesEveryKeyAndFigureWithTheDocumentedModels(@TempDir Path out)
            throws IOException {
        assertEquals(0, NeuralOdeCli.execute("spheres", "--quick", "--out", out.toString()));
        JsonObject results = read(out);
        for (String model : new String[] {"node", "anode"}) {
            double accuracy = number(results, model + "_accuracy");
            assertTrue(accuracy >= 0 && accuracy <= 100, model + " accuracy " + accuracy);
            assertTrue(number(results, model + "_loss") > 0, model + "_loss");
            assertTrue(number(results, model + "_nfe_forward") >= 6, "Dopri5 needs >= 6 per solve");
        }
        // The SpheresFit Javadoc's counts: 2-32-32-2 field + 2->1 readout; 3-32-32-3 + 3->1.
        assertEquals(1221, number(results, "node_parameters"));
        assertEquals(1287, number(results, "anode_parameters"));
        assertEquals(3, number(results, "epochs"));
        assertEquals(400, number(results, "train_points"));
        assertTrue(number(results, "seconds") > 0);
        for (String file : new String[] {"decision_maps.png", "flows.png", "loss_curves.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 1000, file);
        }
        for (String file : new String[] {"node_metrics.csv", "anode_metrics.csv"}) {
            assertEquals(1 + 3, Files.readAllLines(out.resolve(file)).size(), "header + 3 epochs");
        }
    }

    /** Thirty Adam steps already take the ANODE well below its initial loss. */
    @Test
    void sinesQuickWritesEveryKeyAndTheAnodeLearns(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("sines", "--quick", "--out", out.toString()));
        JsonObject results = read(out);
        for (String key :
                new String[] {
                    "node_mse", "anode_mse", "node_nfe_forward", "anode_nfe_forward",
                    "node_initial_mse", "anode_initial_mse", "iterations", "seconds"
                }) {
            assertTrue(Double.isFinite(number(results, key)), key + " in " + results);
        }
        assertEquals(30, number(results, "iterations"));
        double initial = number(results, "anode_initial_mse");
        double trained = number(results, "anode_mse");
        assertTrue(trained < 0.5 * initial, "ANODE MSE " + initial + " -> " + trained);
        assertTrue(Files.size(out.resolve("sines_fit.png")) > 1000);
        assertTrue(Files.size(out.resolve("loss_curves.png")) > 1000);
    }

    @Test
    void epochAndIterationCountsOutsideTheirRangeAreUsageErrors(@TempDir Path out) {
        String dir = out.toString();
        assertEquals(2, NeuralOdeCli.execute("spheres", "--epochs", "0", "--out", dir));
        assertEquals(2, NeuralOdeCli.execute("sines", "--iterations", "0", "--out", dir));
    }

    private static JsonObject read(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json")))
                .getAsJsonObject();
    }

    private static double number(JsonObject results, String key) {
        assertTrue(results.has(key), "missing " + key + " in " + results);
        return results.get(key).getAsDouble();
    }
}
