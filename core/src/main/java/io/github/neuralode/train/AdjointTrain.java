package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.TranslateException;

import io.github.neuralode.sensitivity.OdeBackward;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drop-in replacements for DJL's {@link EasyTrain#fit} and {@link EasyTrain#trainBatch} for models
 * that contain adjoint-mode ODE blocks: identical, except that the backward pass is {@link
 * OdeBackward#backward} (which also runs the pending adjoint passes) instead of {@code
 * collector.backward(loss)}. Models without adjoint blocks train exactly as with {@code EasyTrain}.
 *
 * <p>Multi-device splits run one after the other on the calling thread (the pending adjoints are
 * registered per thread). Listeners receive the same callbacks as under {@code EasyTrain}.
 */
public final class AdjointTrain {

    private AdjointTrain() {}

    /**
     * Trains for a number of epochs, like {@link EasyTrain#fit}.
     *
     * @param trainer the trainer
     * @param numEpoch the number of epochs
     * @param trainingDataset the training data
     * @param validateDataset the validation data, or {@code null}
     * @throws IOException if the data cannot be read
     * @throws TranslateException if the data cannot be batched
     */
    public static void fit(
            Trainer trainer, int numEpoch, Dataset trainingDataset, Dataset validateDataset)
            throws IOException, TranslateException {
        for (int epoch = 0; epoch < numEpoch; epoch++) {
            for (Batch batch : trainer.iterateDataset(trainingDataset)) {
                try {
                    trainBatch(trainer, batch);
                    trainer.step();
                } finally {
                    batch.close();
                }
            }
            EasyTrain.evaluateDataset(trainer, validateDataset);
            trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        }
    }

    /**
     * Computes the gradients of one batch, like {@link EasyTrain#trainBatch} (call {@code
     * trainer.step()} afterwards).
     *
     * @param trainer the trainer
     * @param batch the batch
     */
    public static void trainBatch(Trainer trainer, Batch batch) {
        if (trainer.getManager().getEngine() != batch.getManager().getEngine()) {
            throw new IllegalArgumentException(
                    "The data must be on the same engine as the trainer: create the batch with the"
                            + " trainer's engine");
        }
        Batch[] splits = batch.split(trainer.getDevices(), false);
        BatchData batchData =
                new BatchData(batch, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : splits) {
                trainSplit(trainer, collector, batchData, split);
            }
        } finally {
            OdeBackward.discardPending();
        }
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
    }

    private static void trainSplit(
            Trainer trainer, GradientCollector collector, BatchData batchData, Batch split) {
        NDList data = split.getData();
        NDList labels = split.getLabels();
        NDList predictions = trainer.forward(data, labels);
        long time = System.nanoTime();
        NDArray loss = trainer.getLoss().evaluate(labels, predictions);
        OdeBackward.backward(collector, loss);
        trainer.addMetric("backward", time);
        time = System.nanoTime();
        batchData.getLabels().put(labels.get(0).getDevice(), labels);
        batchData.getPredictions().put(predictions.get(0).getDevice(), predictions);
        trainer.addMetric("training-metrics", time);
    }
}
