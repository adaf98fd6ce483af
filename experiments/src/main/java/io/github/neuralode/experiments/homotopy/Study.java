package io.github.neuralode.experiments.homotopy;

import ai.djl.nn.Block;

import io.github.neuralode.data.systems.Trajectory;

import java.util.function.Supplier;

/**
 * One comparison of the training methods: a training window, the held-out samples after it, and
 * a fresh (uninitialised) model field per run.
 *
 * @param name the study's folder name ({@code blackbox}, {@code graybox}, {@code sweep-t3.1} ...)
 * @param prefix the prefix of its keys in results.json ({@code ""} for the main study)
 * @param training the training samples; the first is the initial state
 * @param heldOut the samples after the training window, for extrapolation
 * @param network makes the model field, {@code (batch, n) -> (batch, n)}
 */
record Study(
        String name, String prefix, Trajectory training, Trajectory heldOut, Supplier<Block> network) {

    /**
     * Splits a series into a training window and the held-out samples after it.
     *
     * @param name the study's folder name
     * @param prefix the prefix of its keys in results.json
     * @param series the whole series
     * @param trainingPoints how many leading samples train
     * @param network makes the model field
     * @return the study
     */
    static Study split(
            String name, String prefix, Trajectory series, int trainingPoints, Supplier<Block> network) {
        return new Study(
                name,
                prefix,
                series.slice(0, trainingPoints),
                series.slice(trainingPoints, series.size()),
                network);
    }
}
