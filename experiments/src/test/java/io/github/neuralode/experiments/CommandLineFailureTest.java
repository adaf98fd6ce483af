package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A command that fails while running prints one line on standard error and leaves its stack
 * trace in error.log, whether it throws an exception or an {@link Error}.
 */
class CommandLineFailureTest {

    @Test
    void runTimeFailurePrintsOneLineAndWritesTheStackTraceToErrorLog(@TempDir Path out)
            throws IOException {
        // results.json is a non-empty folder: only the final atomic rename can notice.
        Path blocked = Files.createDirectories(out.resolve("results.json"));
        Files.writeString(blocked.resolve("keep.txt"), "keep me");
        CapturedRun run =
                CapturedRun.of("grad-check", "--quick", "--batch", "1", "--out", out.toString());
        assertEquals(CommandLine.ExitCode.SOFTWARE, run.status(), run.err());
        List<String> lines = run.errLines();
        assertEquals(1, lines.size(), run.err());
        Path log = out.resolve("error.log");
        assertTrue(lines.get(0).startsWith("grad-check: "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" (stack trace in " + log + ")"), lines.get(0));
        String trace = Files.readString(log);
        assertTrue(trace.startsWith("neuralode grad-check --quick --batch 1 --out "), trace);
        assertTrue(trace.contains("\tat io.github.neuralode.experiments.Results.write("), trace);
        assertEquals("keep me", Files.readString(blocked.resolve("keep.txt")));
    }

    @Test
    void outOfMemoryErrorEndsInOneLineWithAHeapHint(@TempDir Path out) throws IOException {
        CommandLine commandLine = NeuralOdeCli.commandLine().addSubcommand(new OutOfMemoryCommand());
        CapturedRun run = CapturedRun.of(commandLine, "oom", "--out", out.toString());
        assertEquals(CommandLine.ExitCode.SOFTWARE, run.status(), run.err());
        assertEquals(
                List.of(
                        "oom: out of memory (Java heap space): raise the Java heap limit with -Xmx,"
                                + " e.g. java -Xmx8g -jar neuralode.jar ... (stack trace in "
                                + out.resolve("error.log")
                                + ")"),
                run.errLines());
        String trace = Files.readString(out.resolve("error.log"));
        assertTrue(trace.contains("java.lang.OutOfMemoryError: Java heap space\n\tat "), trace);
    }

    /** A command that runs out of memory. */
    @Command(name = "oom")
    static final class OutOfMemoryCommand implements Callable<Integer> {

        @Mixin ExperimentOptions options;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }
}
