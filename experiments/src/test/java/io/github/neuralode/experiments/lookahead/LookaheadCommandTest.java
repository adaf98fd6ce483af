package io.github.neuralode.experiments.lookahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.neuralode.experiments.NeuralOdeCli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

class LookaheadCommandTest {

    private static final String CHECKPOINT_FOLDER = "(best-)?epoch-\\d+-\\p{XDigit}+";

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

    /**
     * The case: a quick run, its Adam fit's latest.json deleted, then --resume of its
     * spiral folder. The resume must find the newest checkpoint (or fail clearly) and keep every
     * checkpoint folder; --resume one level too high or too low, a fresh run into the same --out
     * and a resume with other options fail before any work, naming the folder.
     */
    @Test
    void resumeNeverLosesCheckpointsAndRefusesFoldersThatAreNotASpiralRun(@TempDir Path out)
            throws IOException {
        String dir = out.toString();
        Path spiral = out.resolve("spiral");
        assertEquals(0, NeuralOdeCli.execute("lookahead", "--quick", "--out", dir));
        JsonObject first = results(out);
        assertTrue(Files.isRegularFile(spiral.resolve("run.json")));
        Files.delete(spiral.resolve("adam").resolve("checkpoints").resolve("latest.json"));
        List<Path> before = checkpointFolders(spiral);
        assertFalse(before.isEmpty());

        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "lookahead", "--quick", "--out", dir, "--resume", spiral.toString()));
        assertTrue(checkpointFolders(spiral).containsAll(before), "a checkpoint folder was lost");
        assertTrue(Files.isRegularFile(spiral.resolve("adam/checkpoints/latest.json")));
        assertEquals(
                first.get("spiral_adam_final_loss"), results(out).get("spiral_adam_final_loss"));

        String tooHigh = failure("lookahead", "--quick", "--out", dir, "--resume", dir);
        assertTrue(tooHigh.contains("--resume " + out + " is not the spiral/ folder"), tooHigh);
        assertTrue(tooHigh.contains("did you mean --resume " + spiral + "?"), tooHigh);
        Path adam = spiral.resolve("adam");
        String tooLow = failure("lookahead", "--quick", "--out", dir, "--resume", adam.toString());
        assertTrue(tooLow.contains("--resume " + adam + " is not the spiral/ folder"), tooLow);
        assertTrue(tooLow.contains("did you mean --resume " + spiral + "?"), tooLow);
        String fresh = failure("lookahead", "--quick", "--out", dir);
        assertTrue(fresh.contains(spiral + " already holds a lookahead run"), fresh);
        String longer = failure("lookahead", "--out", dir, "--resume", spiral.toString());
        assertTrue(
                longer.contains("--quick (20 spiral epochs) vs no --quick (300 spiral epochs)"),
                longer);
        assertTrue(checkpointFolders(spiral).containsAll(before), "a checkpoint folder was lost");

        // killed before the second fit began: that fit starts fresh, with the same numbers
        deleteRecursively(spiral.resolve("lookahead_adam"));
        assertEquals(
                0,
                NeuralOdeCli.execute(
                        "lookahead", "--quick", "--out", dir, "--resume", spiral.toString()));
        assertEquals(
                first.get("spiral_lookahead_adam_final_loss"),
                results(out).get("spiral_lookahead_adam_final_loss"));
        List<Path> adamBefore = before.stream().filter(p -> p.startsWith(adam)).toList();
        assertTrue(
                checkpointFolders(spiral).containsAll(adamBefore), "an Adam checkpoint was lost");
    }

    private static JsonObject results(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json")))
                .getAsJsonObject();
    }

    /** Runs a command line that must fail; returns its one line on standard error. */
    private static String failure(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            status = NeuralOdeCli.execute(args);
        } finally {
            System.setErr(original);
        }
        String message = captured.toString(StandardCharsets.UTF_8).strip();
        assertNotEquals(0, status, message);
        assertEquals(1, message.lines().count(), message);
        return message;
    }

    /** The epoch-* and best-epoch-* folders under spiral/FIT/checkpoints. */
    private static List<Path> checkpointFolders(Path spiral) throws IOException {
        try (Stream<Path> walk = Files.walk(spiral, 3)) {
            return walk.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().matches(CHECKPOINT_FOLDER))
                    .sorted()
                    .toList();
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
