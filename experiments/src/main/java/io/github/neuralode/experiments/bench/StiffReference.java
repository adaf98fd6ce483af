package io.github.neuralode.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference solution of POLLU at {@code t = 60} (Test Set for IVP Solvers, RADAU5 at rtol =
 * atol = 1.1e-18), read from {@value #POLLU_FILE} in a folder ({@code species,value} with a
 * header, species numbered 1 to 20), and the error measure of {@code bench-stiff}.
 */
final class StiffReference {

    /** The file name of POLLU's reference values. */
    static final String POLLU_FILE = "pollu_t60.csv";

    private StiffReference() {}

    /**
     * Reads POLLU's reference values.
     *
     * @param folder the folder holding {@value #POLLU_FILE}
     * @param species the number of species
     * @return the values, species 1 first
     * @throws IllegalArgumentException naming the missing folder or file, or the malformed or
     *     missing row
     */
    static double[] pollu(Path folder, int species) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(
                    folder + " is not a folder (it should hold " + POLLU_FILE + ")");
        }
        Path file = folder.resolve(POLLU_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " has no file " + POLLU_FILE);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e + ")", e);
        }
        double[] values = new double[species];
        boolean[] seen = new boolean[species];
        for (int row = 1; row < lines.size(); row++) {
            String[] cells = lines.get(row).split(",");
            try {
                int index = Integer.parseInt(cells[0].trim()) - 1;
                values[index] = Double.parseDouble(cells[1].trim());
                seen[index] = true;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        file + " line " + (row + 1) + " is not 'species,value' with species 1.."
                                + species + ": " + lines.get(row), e);
            }
        }
        for (int i = 0; i < species; i++) {
            if (!seen[i]) {
                throw new IllegalArgumentException(file + " has no value for species " + (i + 1));
            }
        }
        return values;
    }

    /**
     * Returns the largest relative error over the components whose reference exceeds a floor.
     *
     * @param actual the computed state
     * @param expected the reference state
     * @param floor components with {@code |expected| <= floor} are skipped (the absolute
     *     tolerance: the solver does not control their relative error)
     * @return {@code max |actual_i - expected_i| / |expected_i|}
     */
    static double maxRelativeError(double[] actual, double[] expected, double floor) {
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i]) > floor) {
                largest = Math.max(largest, Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]));
            }
        }
        return largest;
    }
}
