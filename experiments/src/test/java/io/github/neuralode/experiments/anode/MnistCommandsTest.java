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
import java.nio.file.attribute.FileTime;

/**
 * The MNIST commands on a small idx fixture: they write their result keys and files, learn the
 * fixture's classes, and resume from an earlier output folder without redoing finished work.
 */
class MnistCommandsTest {

    @Test
    void mnistReportWritesTheTableAndResumesFinishedFits(@TempDir Path temp) throws IOException {
        Path data = IdxFixture.write(temp.resolve("mnist"), 200);
        Path out = temp.resolve("out");
        int status = NeuralOdeCli.execute("mnist-report", "--quick", "--rows", "node,second_order",
                "--data", data.toString(), "--out", out.toString());
        assertEquals(0, status);
        JsonObject results = read(out);
        for (String key : new String[] {"node_accuracy_mean", "node_accuracy_std",
                "node_report_accuracy", "second_order_accuracy_mean", "second_order_seconds_mean"}) {
            assertTrue(results.has(key), "missing " + key + " in " + results);
        }
        assertEquals(73.2, results.get("node_report_accuracy").getAsDouble(), 0.0);
        // ten separable patterns, four iterations at learning rate 0.05: above chance (10 %)
        assertTrue(results.get("node_accuracy_mean").getAsDouble() > 20, results.toString());
        for (String file : new String[] {"summary.csv", "accuracy_curves.png", "loss_curves.png"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        Path fit = out.resolve("fits/node/seed-42/fit.json");
        FileTime written = Files.getLastModifiedTime(fit);
        Path again = temp.resolve("again");
        assertEquals(0, NeuralOdeCli.execute("mnist-report", "--quick", "--rows", "node",
                "--data", data.toString(), "--resume", out.toString(), "--out", again.toString()));
        assertEquals(written, Files.getLastModifiedTime(fit), "a finished fit was run again");
        assertEquals(results.get("node_accuracy_mean"), read(again).get("node_accuracy_mean"));
    }

    @Test
    void mnistReportFrozenFieldTrainsOnlyTheOuterLayersAndKeepsItsFitsApart(@TempDir Path temp)
            throws IOException {
        Path data = IdxFixture.write(temp.resolve("mnist"), 200);
        Path out = temp.resolve("out");
        assertEquals(0, NeuralOdeCli.execute("mnist-report", "--quick", "--rows", "node",
                "--frozen-field", "--data", data.toString(), "--out", out.toString()));
        JsonObject results = read(out);
        // Dense(784 -> 20) and Dense(20 -> 10): 15,700 + 210; the field's 540 are frozen
        assertEquals(15910, results.get("node_parameters").getAsLong());
        assertEquals(1, results.get("frozen_field").getAsInt());
        assertTrue(results.has("node_seeds_reaching_report"), results.toString());
        // a run that trains the field must not reuse the frozen run's fits
        int status = NeuralOdeCli.execute("mnist-report", "--quick", "--rows", "node",
                "--data", data.toString(), "--resume", out.toString(),
                "--out", temp.resolve("mixed").toString());
        assertTrue(status != 0, "resumed a frozen-field fit into a run that trains the field");
    }

    @Test
    void mnistAnodeTrainsTheMlpAnodeWithCheckpoints(@TempDir Path temp) throws IOException {
        Path data = IdxFixture.write(temp.resolve("mnist"), 300);
        Path out = temp.resolve("out");
        int status = NeuralOdeCli.execute("mnist-anode", "--quick", "--epochs", "2",
                "--data", data.toString(), "--out", out.toString());
        assertEquals(0, status);
        JsonObject results = read(out);
        for (String key : new String[] {"test_accuracy", "nfe_forward_per_batch",
                "nfe_backward_per_batch", "seconds_per_epoch", "parameters",
                "mlp_anode_test_accuracy"}) {
            assertTrue(results.has(key), "missing " + key + " in " + results);
        }
        assertTrue(results.get("test_accuracy").getAsDouble() > 50, results.toString());
        assertTrue(results.get("nfe_forward_per_batch").getAsDouble() >= 6, results.toString());
        assertTrue(Files.exists(out.resolve("mlp-anode/checkpoints/latest.json")));
        assertTrue(Files.exists(out.resolve("mlp-anode/metrics.csv")));
    }

    private static JsonObject read(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
    }
}
