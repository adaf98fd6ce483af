package io.github.neuralode.experiments.anode;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.github.neuralode.experiments.Results;
import io.github.neuralode.models.anode.ClassifierFit;
import io.github.neuralode.train.FitResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What one finished classifier fit leaves behind ({@code fit.json}, written atomically), so that a
 * resumed command skips the fits it already has.
 *
 * @param row the model's key
 * @param seed the fit's seed
 * @param definition the command settings that define the fit (checked on resume)
 * @param accuracy per-epoch test accuracy in percent
 * @param trainLoss per-epoch mean training loss
 * @param nfeForward per-epoch mean forward evaluations per training batch
 * @param nfeBackward per-epoch mean backward (adjoint) evaluations per training batch
 * @param seconds per-epoch wall time
 * @param parameters the model's trainable parameter count
 */
record FitRecord(
        String row,
        long seed,
        String definition,
        double[] accuracy,
        double[] trainLoss,
        double[] nfeForward,
        double[] nfeBackward,
        double[] seconds,
        long parameters) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Summarises a fit.
     *
     * @param row the model's key
     * @param seed the seed
     * @param definition the settings that define the fit
     * @param outcome the fit's outcome
     * @return the record
     */
    static FitRecord of(String row, long seed, String definition, ClassifierFit.Outcome outcome) {
        FitResult result = outcome.result();
        double[] accuracy = Arrays.stream(result.curve("test_accuracy")).map(a -> 100 * a).toArray();
        return new FitRecord(
                row,
                seed,
                definition,
                accuracy,
                result.curve("train_loss"),
                result.curve("nfe_forward_per_batch"),
                result.curve("nfe_backward_per_batch"),
                result.curve("seconds"),
                outcome.parameters());
    }

    /**
     * Returns the final test accuracy.
     *
     * @return percent after the last epoch
     */
    double finalAccuracy() {
        return accuracy[accuracy.length - 1];
    }

    /**
     * Returns the total wall time.
     *
     * @return seconds over all epochs
     */
    double totalSeconds() {
        return Arrays.stream(seconds).sum();
    }

    /**
     * Writes the record.
     *
     * @param file the target
     * @throws IOException if it cannot be written
     */
    void write(Path file) throws IOException {
        Results.writeAtomically(file, GSON.toJson(this));
    }

    /**
     * Reads a record written by {@link #write}.
     *
     * @param file the file
     * @return the record
     * @throws IOException if it cannot be read
     */
    static FitRecord read(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file), FitRecord.class);
    }
}
