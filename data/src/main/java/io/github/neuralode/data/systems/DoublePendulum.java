package io.github.neuralode.data.systems;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The measured double pendulum of Schmidt and Lipson, "Distilling free-form natural laws from
 * experimental data", Science 324(5923):81-85 (2009), file {@value #FILE_NAME} of their
 * supplementary {@code invar_datasets.zip}: a motion-tracked real double pendulum, smoothed by the
 * authors. The file is not part of this project; the workspace keeps a copy in the shared folder
 * beside the repository, {@value #SHARED_LOCATION} (from the repository root).
 *
 * <p>Format: whitespace-separated text; lines starting with {@code %} (the header) and blank lines
 * are skipped; every other line holds 10 numbers: trial id, t (seconds), theta1, theta2 (radians),
 * omega1, omega2 (radians per second), omega1 and omega2 again, and two further columns (angular
 * accelerations, unused). Trial 0 has 819 rows over about 8.86 s, trial 1 has 701; sampling is
 * nominally 0.01 s with some dropped frames.
 *
 * <p>The homotopy-training study (Ko, Koh, Park and Jhe, NeurIPS 2023) trains on trial 0's rows
 * 0-99 and extrapolates on rows 100-149, both timed from trial 0's first row: {@code read(file, 0,
 * 0, TRAINING_ROWS + EXTRAPOLATION_ROWS)} then {@code slice(0, TRAINING_ROWS)} and {@code
 * slice(TRAINING_ROWS, TRAINING_ROWS + EXTRAPOLATION_ROWS)}.
 */
public final class DoublePendulum {

    /** The data file's name in the supplementary archive. */
    public static final String FILE_NAME = "real_double_pend_h_1.txt";

    /** Where the workspace keeps the file, relative to the repository root. */
    public static final String SHARED_LOCATION = "../shared/data/schmidt-lipson-2009/" + FILE_NAME;

    /** The study's training rows of trial 0 (rows 0-99). */
    public static final int TRAINING_ROWS = 100;

    /** The study's extrapolation rows of trial 0, following the training rows (rows 100-149). */
    public static final int EXTRAPOLATION_ROWS = 50;

    /** The number of columns of every data line. */
    private static final int COLUMNS = 10;

    private DoublePendulum() {}

    /**
     * Reads a whole trial, timed from its first row.
     *
     * @param file the data file, {@value #FILE_NAME}
     * @param trial the trial id (0 or 1 in the published file)
     * @return the trial's {@code (theta1, theta2, omega1, omega2)} per row, {@code (rows, 4)}, in
     *     radians and radians per second, with times in seconds starting at 0
     * @throws NoSuchFileException if the file is missing; the message says where to get it
     * @throws IOException if reading fails or a line is malformed (the message names the line)
     * @throws IllegalArgumentException if the file has no rows of {@code trial}
     */
    public static Trajectory readTrial(Path file, int trial) throws IOException {
        List<double[]> rows = trialRows(file, trial);
        return window(rows, 0, rows.size());
    }

    /**
     * Reads rows {@code firstRow} to {@code firstRow + rowCount - 1} of a trial (counted within
     * the trial, from 0), timed from the first row returned.
     *
     * @param file the data file, {@value #FILE_NAME}
     * @param trial the trial id (0 or 1 in the published file)
     * @param firstRow the first row within the trial, at least 0
     * @param rowCount how many rows, at least 1, all within the trial
     * @return {@code (theta1, theta2, omega1, omega2)} per row, {@code (rowCount, 4)}, in radians
     *     and radians per second, with times in seconds, the first at 0
     * @throws NoSuchFileException if the file is missing; the message says where to get it
     * @throws IOException if reading fails or a line is malformed (the message names the line)
     * @throws IllegalArgumentException if the trial is absent or the rows lie outside it
     */
    public static Trajectory read(Path file, int trial, int firstRow, int rowCount)
            throws IOException {
        if (firstRow < 0 || rowCount < 1) {
            throw new IllegalArgumentException(
                    "need firstRow >= 0 and rowCount >= 1, got firstRow = " + firstRow
                            + ", rowCount = " + rowCount);
        }
        List<double[]> rows = trialRows(file, trial);
        if ((long) firstRow + rowCount > rows.size()) {
            throw new IllegalArgumentException(
                    "rows " + firstRow + " to " + ((long) firstRow + rowCount - 1) + " of trial "
                            + trial + " do not exist: it has " + rows.size()
                            + " rows; lower firstRow or rowCount");
        }
        return window(rows, firstRow, firstRow + rowCount);
    }

    /** Rows {@code [from, to)} as a trajectory of the four state columns, timed from row from. */
    private static Trajectory window(List<double[]> rows, int from, int to) {
        double origin = rows.get(from)[1];
        double[] times = new double[to - from];
        double[][] values = new double[times.length][];
        for (int i = 0; i < times.length; i++) {
            double[] row = rows.get(from + i);
            times[i] = row[1] - origin;
            values[i] = new double[] {row[2], row[3], row[4], row[5]};
        }
        return new Trajectory(times, values);
    }

    /** Parses the file, keeping the rows of one trial (all 10 columns) in file order. */
    private static List<double[]> trialRows(Path file, int trial) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toAbsolutePath().toString(),
                    null,
                    "Schmidt and Lipson (2009) double pendulum data not found. Get "
                            + FILE_NAME
                            + " from invar_datasets.zip in the supplementary material of Science"
                            + " 324(5923):81-85 (2009), or use the workspace copy at "
                            + SHARED_LOCATION
                            + " (relative to the repository root)");
        }
        List<double[]> rows = new ArrayList<>();
        TreeSet<Integer> trials = new TreeSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("%")) {
                    continue;
                }
                double[] row = parse(text, file, lineNumber);
                int id = (int) row[0];
                trials.add(id);
                if (id == trial) {
                    checkTime(rows, row[1], file, lineNumber);
                    rows.add(row);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(
                    "trial " + trial + " has no rows in " + file + "; the trials there are "
                            + trials);
        }
        return rows;
    }

    private static double[] parse(String text, Path file, int lineNumber) throws IOException {
        String[] fields = text.split("\\s+");
        if (fields.length != COLUMNS) {
            throw malformed(
                    file, lineNumber, "expected " + COLUMNS + " numbers, found " + fields.length);
        }
        double[] row = new double[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            try {
                row[i] = Double.parseDouble(fields[i]);
            } catch (NumberFormatException e) {
                throw malformed(file, lineNumber, "column " + (i + 1) + " is not a number");
            }
            if (!Double.isFinite(row[i])) {
                throw malformed(file, lineNumber, "column " + (i + 1) + " is not finite");
            }
        }
        if (row[0] != Math.rint(row[0]) || Math.abs(row[0]) > Integer.MAX_VALUE) {
            throw malformed(file, lineNumber, "the trial id " + fields[0] + " is not an integer");
        }
        return row;
    }

    private static void checkTime(List<double[]> rows, double t, Path file, int lineNumber)
            throws IOException {
        if (!rows.isEmpty() && !(t > rows.get(rows.size() - 1)[1])) {
            throw malformed(
                    file,
                    lineNumber,
                    "t = " + t + " does not follow the trial's previous time "
                            + rows.get(rows.size() - 1)[1]);
        }
    }

    private static IOException malformed(Path file, int lineNumber, String problem) {
        return new IOException(
                file + ", line " + lineNumber + ": " + problem + "; expected " + COLUMNS
                        + " whitespace-separated numbers (trial, t, theta1, theta2, omega1,"
                        + " omega2, omega1, omega2, and two more), as in " + FILE_NAME
                        + " of invar_datasets.zip");
    }
}
