package io.github.neuralode.data.systems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against the real file in the shared folder beside the repository ({@code
 * ../../shared/data/schmidt-lipson-2009} from this module; skipped when absent), and its errors
 * on files made here.
 */
class DoublePendulumTest {

    private static final Path FILE =
            Path.of("../../shared/data/schmidt-lipson-2009/" + DoublePendulum.FILE_NAME);

    private static Path realFile() {
        assumeTrue(Files.isRegularFile(FILE), FILE.toAbsolutePath() + " is absent");
        return FILE;
    }

    @Test
    void trialZeroHas819RowsStartingWithTheFilesFirstLine() throws IOException {
        Trajectory trial = DoublePendulum.readTrial(realFile(), 0);
        assertEquals(819, trial.size());
        assertEquals(4, trial.dimension());
        assertEquals(0.0, trial.times()[0]);
        assertArrayEquals(
                new double[] {
                    -1.1336150169372559, -1.3008047342300415,
                    -0.53853881359100342, -6.1550583839416504
                },
                trial.values()[0],
                0.0);
        assertEquals(8.86, trial.times()[818], 0.01);
        assertEquals(701, DoublePendulum.readTrial(realFile(), 1).size());
    }

    @Test
    void studyWindowsShareTrialZerosOrigin() throws IOException {
        int rows = DoublePendulum.TRAINING_ROWS + DoublePendulum.EXTRAPOLATION_ROWS;
        Trajectory both = DoublePendulum.read(realFile(), 0, 0, rows);
        Trajectory training = both.slice(0, DoublePendulum.TRAINING_ROWS);
        Trajectory extrapolation = both.slice(DoublePendulum.TRAINING_ROWS, rows);
        assertEquals(DoublePendulum.read(realFile(), 0, 0, 100), training);
        assertEquals(1.06, training.times()[99], 1e-5);
        assertEquals(1.07, extrapolation.times()[0], 1e-5);
        assertEquals(50, extrapolation.size());
        // Reading from row 100 restarts the clock there.
        assertEquals(0.0, DoublePendulum.read(realFile(), 0, 100, 50).times()[0]);
        // Trial 1 starts at 23.194 s in the file.
        assertEquals(0.0, DoublePendulum.read(realFile(), 1, 0, 10).times()[0]);
        assertThrows(
                IllegalArgumentException.class, () -> DoublePendulum.read(realFile(), 0, 800, 20));
        assertThrows(IllegalArgumentException.class, () -> DoublePendulum.readTrial(realFile(), 2));
    }

    @Test
    void missingFileSaysWhereToGetIt(@TempDir Path folder) {
        Path missing = folder.resolve(DoublePendulum.FILE_NAME);
        NoSuchFileException error =
                assertThrows(NoSuchFileException.class, () -> DoublePendulum.readTrial(missing, 0));
        String message = error.getMessage();
        assertTrue(message.contains(missing.toAbsolutePath().toString()), message);
        assertTrue(message.contains("invar_datasets.zip"), message);
        assertTrue(message.contains("Science 324(5923):81-85 (2009)"), message);
        assertTrue(message.contains(DoublePendulum.SHARED_LOCATION), message);
    }

    @Test
    void malformedLineIsNamed(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bad.txt");
        Files.writeString(
                file,
                "% o1 o2 w1 w2\n"
                        + "0 0 1 2 3 4 3 4 5 6\n"
                        + "0 0.01 1 2 3 x 3 4 5 6\n");
        IOException error =
                assertThrows(IOException.class, () -> DoublePendulum.readTrial(file, 0));
        String message = error.getMessage();
        assertTrue(message.contains("line 3: column 6 is not a number"), message);
        Files.writeString(file, "0 0 1 2 3 4 3 4 5\n");
        error = assertThrows(IOException.class, () -> DoublePendulum.readTrial(file, 0));
        assertTrue(error.getMessage().contains("line 1: expected 10 numbers, found 9"));
    }
}
