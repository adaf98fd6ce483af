package io.github.neuralode.experiments.anode;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;

import io.github.neuralode.data.mnist.MnistDataset;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code --data} option of the MNIST commands: the folder holding the four idx files of
 * MNIST ({@code experiments/scripts/fetch-mnist.sh DIR} puts them there), mixed into each command
 * with {@code @Mixin}.
 */
public final class MnistDataOption {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "Folder with the MNIST idx files (train-images-idx3-ubyte ...); fetch them"
                            + " with experiments/scripts/fetch-mnist.sh DIR (default:"
                            + " ${DEFAULT-VALUE}).")
    Path folder = Path.of("data", "mnist");

    /**
     * Reads a split into a data set, checking the files first.
     *
     * @param manager owns the arrays
     * @param usage the split
     * @param limit the first {@code limit} examples (all when larger)
     * @param flatten {@code (784)} per example, else {@code (1, 28, 28)}
     * @param batch the batch size
     * @param shuffle whether batches are drawn in random order
     * @return the prepared data set
     * @throws IOException if a file is missing or damaged (the message names it and the fetch
     *     command)
     */
    MnistDataset read(
            NDManager manager,
            Dataset.Usage usage,
            long limit,
            boolean flatten,
            int batch,
            boolean shuffle)
            throws IOException {
        MnistDataset dataset =
                MnistDataset.builder()
                        .setFolder(folder)
                        .optUsage(usage)
                        .optLimit(limit)
                        .optFlatten(flatten)
                        .optManager(manager)
                        .setSampling(batch, shuffle)
                        .build();
        dataset.prepare(null);
        return dataset;
    }
}
