package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench-stiff --quick} writes every documented key, reaches the Test Set's reference
 * solutions of ROBER and POLLU, exports its workloads, and refuses a missing reference folder or
 * file before any work.
 */
class BenchStiffCommandTest {

    private static final String REFERENCE = "../../shared/data/reference";

    private static final List<String> CONFIGURATIONS =
            List.of("rodas5p_analytic", "rodas5p_autograd", "rosenbrock23_analytic", "rosenbrock23_autograd");

    private static final List<String> WORKLOADS =
            List.of("single", "batch1024_per_sample", "batch1024_shared");

    private static final List<String> COUNTERS =
            List.of("ms", "nfe", "jacobians", "factorizations", "steps", "rejected");

    @Test
    void quickRunWritesEveryKeyAndRodas5pReachesTheReferences(@TempDir Path out) throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "bench-stiff", "--quick", "--warmup", "0", "--reference", REFERENCE,
                        "--out", out.toString()));
        JsonObject results = read(out.resolve("results.json"));
        assertEquals(64, results.get("batch_size").getAsInt());
        for (String problem : List.of("rober", "pollu")) {
            for (String configuration : CONFIGURATIONS) {
                for (String workload : WORKLOADS) {
                    for (String counter : COUNTERS) {
                        String key = problem + "_" + workload + "_" + configuration + "_" + counter;
                        assertTrue(results.has(key), "missing " + key + " in " + results);
                    }
                    String prefix = problem + "_" + workload + "_" + configuration;
                    assertTrue(results.get(prefix + "_ms").getAsDouble() > 0, prefix);
                    assertTrue(results.get(prefix + "_steps").getAsDouble() > 0, prefix);
                    assertTrue(
                            results.get(prefix + "_factorizations").getAsDouble()
                                    >= results.get(prefix + "_steps").getAsDouble(),
                            prefix + ": one factorisation per attempted step");
                }
                assertTrue(results.has(problem + "_single_" + configuration + "_max_rel_error"), configuration);
            }
            String defaults = problem + "_%s_rodas5p_analytic_ms";
            assertEquals(
                    results.get(String.format(defaults, "single")).getAsDouble(),
                    results.get(problem + "_single_ms").getAsDouble());
            assertEquals(
                    results.get(String.format(defaults, "batch1024_per_sample")).getAsDouble(),
                    results.get(problem + "_batch1024_ms").getAsDouble());
            double error = results.get(problem + "_max_rel_error").getAsDouble();
            System.out.printf("%s: Rodas5P max relative error %.2e%n", problem, error);
            assertTrue(error < 1e-4, problem + " error " + error);
            assertTrue(
                    results.get(problem + "_single_rodas5p_autograd_max_rel_error").getAsDouble() < 1e-4,
                    problem + " with autograd Jacobians");
            assertEquals(
                    results.get(problem + "_single_rodas5p_analytic_steps").getAsDouble(),
                    results.get(problem + "_single_rodas5p_autograd_steps").getAsDouble(),
                    2,
                    problem + ": autograd and analytic Jacobians agree to round-off");
        }
        JsonObject workloads = read(out.resolve("stiff_workloads.json"));
        assertEquals(1e-6, workloads.get("rtol").getAsDouble());
        assertEquals(64, workloads.getAsJsonObject("rober").getAsJsonArray("batch").size());
        assertEquals(25, workloads.getAsJsonObject("pollu").getAsJsonArray("reactions").size());
        assertEquals(20, workloads.getAsJsonObject("pollu").getAsJsonArray("reference").size());
    }

    @Test
    void defaultsOnlyRunsTheDefaultConfigurationAlone(@TempDir Path out) throws IOException {
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "bench-stiff", "--quick", "--defaults-only", "--warmup", "0",
                        "--reference", REFERENCE, "--out", out.toString()));
        JsonObject results = read(out.resolve("results.json"));
        assertTrue(results.has("pollu_batch1024_per_sample_rodas5p_analytic_nfe"), results.toString());
        assertTrue(results.get("pollu_max_rel_error").getAsDouble() < 1e-4, results.toString());
        assertFalse(results.has("rober_single_rosenbrock23_analytic_ms"), results.toString());
        assertFalse(results.has("rober_batch1024_shared_rodas5p_analytic_ms"), results.toString());
    }

    @Test
    void missingReferenceFolderOrFileIsAUsageErrorNamingTheOptionAndTheFile(@TempDir Path tmp)
            throws IOException {
        Path missing = tmp.resolve("missing");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (Path reference : List.of(missing, empty)) {
            CapturedRun run =
                    CapturedRun.of(
                            "bench-stiff", "--quick", "--reference", reference.toString(),
                            "--out", tmp.resolve("out").toString());
            assertEquals(CommandLine.ExitCode.USAGE, run.status(), run.err());
            String first = run.errLines().get(0);
            assertTrue(first.startsWith("Invalid value for option '--reference': " + reference), first);
            assertTrue(first.contains("pollu_t60.csv"), first);
            assertTrue(
                    first.endsWith(reference == missing
                            ? "is not a folder (it should hold pollu_t60.csv)"
                            : "has no file pollu_t60.csv"),
                    first);
        }
        assertFalse(Files.exists(tmp.resolve("out").resolve("results.json")));
    }

    private static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
