package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every command checks its --out folder before it starts work, and touches nothing else there. */
class CommandLineOutputFolderTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "bench-solve", "bench-adjoint", "grad-check", "lookahead", "bench-stiff", "bench-mnist"})
    void outThatIsOrIsUnderARegularFileIsAUsageError(String command, @TempDir Path tmp)
            throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "keep me");
        for (Path out : List.of(file, file.resolve("results"))) {
            CapturedRun run = CapturedRun.of(command, "--quick", "--out", out.toString());
            assertEquals(CommandLine.ExitCode.USAGE, run.status(), run.err());
            assertEquals(
                    "Invalid value for option '--out': "
                            + out
                            + " cannot receive files: "
                            + file
                            + " is a file, not a folder",
                    run.errLines().get(0));
        }
        assertEquals("keep me", Files.readString(file));
        assertEquals(List.of(file), list(tmp));
    }

    @Test
    void missingFoldersAreCreatedAndTheProbeIsRemoved(@TempDir Path tmp) throws IOException {
        Path nested = tmp.resolve("a").resolve("b");
        assertEquals(Optional.empty(), OutputFolder.problem(nested));
        assertTrue(Files.isDirectory(nested));
        assertEquals(List.of(), list(nested));
    }

    @Test
    void existingFilesInTheFolderAreLeftAlone(@TempDir Path tmp) throws IOException {
        Path kept = Files.writeString(tmp.resolve("results.json"), "{}");
        assertEquals(Optional.empty(), OutputFolder.problem(tmp));
        assertEquals(List.of(kept), list(tmp));
        assertEquals("{}", Files.readString(kept));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
