package io.github.neuralode.experiments.homotopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.neuralode.data.systems.DoublePendulum;
import io.github.neuralode.experiments.NeuralOdeCli;
import io.github.neuralode.experiments.SeedStatistics;
import io.github.neuralode.models.homotopy.HomotopySchedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The homotopy commands in their quick variants: every documented key and figure, homotopy's
 * schedule in the metrics, homotopy ahead of vanilla on the same short budget, a resumed run
 * that reads finished runs back to the same results, and clear failures for bad input.
 */
class HomotopyCommandsTest {

    private static final String[] METHODS = {"homotopy", "vanilla", "multiple_shooting"};

    /**
     * Lotka-Volterra, black and gray box, 24 epochs per method (homotopy: 6 levels of 4): seen
     * homotopy 0.99 against vanilla 4.0 (black box) and 2.8 against 7.8 (gray box).
     */
    @Test
    void lotkaVolterraQuickWritesEveryKeyAndHomotopyLeads(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("homotopy-lv", "--quick", "--out", out.toString()));
        JsonObject results = read(out);
        for (String prefix : new String[] {"", "graybox_"}) {
            for (String m : METHODS) {
                for (String key :
                        new String[] {
                            "_interp_mse", "_interp_mse_se", "_extrap_mse", "_extrap_mse_se",
                            "_epochs_to_best", "_seconds"
                        }) {
                    assertTrue(Double.isFinite(number(results, prefix + m + key)), prefix + m + key);
                }
                assertEquals(0.0, number(results, prefix + m + "_interp_mse_se"), "one seed");
            }
            assertTrue(number(results, prefix + "homotopy_seeds_reaching_vanilla_best") <= 1);
        }
        assertTrue(
                number(results, "homotopy_interp_mse") < number(results, "vanilla_interp_mse") / 2,
                results.toString());
        List<String> csv = Files.readAllLines(out.resolve("blackbox/homotopy/seed-10/metrics.csv"));
        List<String> header = Arrays.asList(csv.get(0).split(","));
        HomotopySchedule schedule = new HomotopySchedule(5, 0.6, HomotopyRecipe.QUICK_EPOCHS_PER_LEVEL);
        assertEquals(schedule.totalEpochs() + 1, csv.size());
        for (int e = 0; e < schedule.totalEpochs(); e++) {
            double lambda = Double.parseDouble(csv.get(e + 1).split(",")[header.indexOf("lambda")]);
            assertEquals(schedule.lambdaAt(e), lambda, 1e-15, "epoch " + (e + 1));
        }
        for (String study : new String[] {"blackbox", "graybox"}) {
            for (String figure : new String[] {"-loss-lambda.png", "-uncoupled-mse.png", "-trajectories.png"}) {
                assertTrue(Files.size(out.resolve(study + figure)) > 1000, study + figure);
            }
        }
    }

    /** A second run that resumes a finished one reads it back: the same best epoch and errors. */
    @Test
    void resumingAFinishedRunReadsItsBestModelBack(@TempDir Path first, @TempDir Path second)
            throws IOException {
        String[] options = {"homotopy-lv", "--quick", "--studies", "blackbox", "--method", "homotopy"};
        assertEquals(0, NeuralOdeCli.execute(concat(options, "--out", first.toString())));
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        concat(options, "--out", second.toString(), "--resume", first.toString())));
        JsonObject original = read(first);
        JsonObject resumed = read(second);
        for (String key : new String[] {"homotopy_interp_mse", "homotopy_extrap_mse", "homotopy_epochs_to_best"}) {
            assertEquals(number(original, key), number(resumed, key), 0.0, key);
        }
    }

    /** The measured double pendulum (skipped where the shared data folder is absent). */
    @Test
    void pendulumQuickWritesItsKeys(@TempDir Path out) throws IOException {
        Path data = Path.of("..").resolve(DoublePendulum.SHARED_LOCATION);
        assumeTrue(Files.exists(data), "no " + data);
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "homotopy-pendulum", "--quick", "--data", data.toString(), "--out", out.toString()));
        JsonObject results = read(out);
        for (String m : METHODS) {
            assertTrue(Double.isFinite(number(results, m + "_interp_mse")), m);
            assertTrue(Double.isFinite(number(results, m + "_extrap_mse")), m);
        }
    }

    /** Lorenz with homotopy alone. */
    @Test
    void lorenzQuickWritesItsKeys(@TempDir Path out) throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "homotopy-lorenz", "--quick", "--method", "homotopy", "--out", out.toString()));
        JsonObject results = read(out);
        assertTrue(Double.isFinite(number(results, "homotopy_interp_mse")));
        assertTrue(Files.size(out.resolve("blackbox-trajectories.png")) > 1000);
    }

    @Test
    void badInputFailsBeforeTraining(@TempDir Path out) {
        assertNotEquals(0, NeuralOdeCli.execute("homotopy-lv", "--method", "newton", "--out", out.toString()));
        assertNotEquals(0, NeuralOdeCli.execute("homotopy-lv", "--studies", "whitebox", "--out", out.toString()));
        assertEquals(2, NeuralOdeCli.execute("homotopy-lorenz", "--hidden", "50,0", "--out", out.toString()));
        assertEquals(2, NeuralOdeCli.execute("homotopy-lv", "--init", "he", "--out", out.toString()));
        assertNotEquals(
                0,
                NeuralOdeCli.execute(
                        "homotopy-pendulum", "--data", out.resolve("missing.txt").toString(), "--out", out.toString()));
        assertTrue(!Files.exists(out.resolve("results.json")));
    }

    @Test
    void seedStatistics() {
        assertEquals(2.0, SeedStatistics.mean(new double[] {1, 2, 3}), 0.0);
        // sample deviation 1, standard error 1 / sqrt(3)
        assertEquals(1 / Math.sqrt(3), SeedStatistics.standardError(new double[] {1, 2, 3}), 1e-15);
        assertEquals(0.0, SeedStatistics.standardError(new double[] {5}), 0.0);
        assertEquals(3, SeedStatistics.firstEpochAtOrBelow(new double[] {5, 4, 3, 2}, 3.5));
        assertEquals(0, SeedStatistics.firstEpochAtOrBelow(new double[] {5, 4}, 1));
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static JsonObject read(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
    }

    private static double number(JsonObject results, String key) {
        assertTrue(results.has(key), "missing " + key + " in " + results);
        return results.get(key).getAsDouble();
    }
}
