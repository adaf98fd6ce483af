package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** An MNIST command without its data fails with one line that names the file and the fix. */
class MnistDataMissingTest {

    @Test
    void missingDataNamesTheFileAndTheFetchScript(@TempDir Path temp) {
        Path data = temp.resolve("nothing");
        CapturedRun run = CapturedRun.of("mnist-report", "--quick", "--data", data.toString(),
                "--out", temp.resolve("out").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("fetch-mnist.sh"), run.err());
        assertTrue(run.err().contains(data.toString()), run.err());
    }
}
