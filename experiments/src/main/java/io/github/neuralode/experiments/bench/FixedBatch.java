package io.github.neuralode.experiments.bench;

import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A fixed training batch of MNIST-shaped data without a dataset: float32 inputs uniform in {@code
 * [0, 1)} and class labels uniform in {@code 0..classes-1}, both drawn from {@link Random} with a
 * fixed seed (inputs from {@code seed}, labels from {@code seed + 1}), so a run is repeatable and
 * the arrays can be handed to another implementation ({@link #export()}).
 *
 * @param inputs the inputs in row-major order, {@code shape.size()} values
 * @param shape the input shape {@code (batch, ...)}, e.g. {@code (100, 784)} or {@code (256, 1,
 *     28, 28)}
 * @param labels one class index per sample, as float32 (DJL's sparse softmax cross-entropy reads
 *     them so)
 */
record FixedBatch(float[] inputs, Shape shape, float[] labels) {

    /**
     * Draws a batch.
     *
     * @param shape the input shape {@code (batch, ...)}
     * @param classes the number of classes
     * @param seed the seed
     * @return the batch
     */
    static FixedBatch uniform(Shape shape, int classes, long seed) {
        Random inputRandom = new Random(seed);
        float[] inputs = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = inputRandom.nextFloat();
        }
        Random labelRandom = new Random(seed + 1);
        float[] labels = new float[(int) shape.get(0)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelRandom.nextInt(classes);
        }
        return new FixedBatch(inputs, shape, labels);
    }

    /**
     * Returns the batch size.
     *
     * @return axis 0 of the shape
     */
    int size() {
        return (int) shape.get(0);
    }

    /**
     * Describes the batch for another implementation.
     *
     * @return {@code {"x": nested lists shaped like the inputs, "labels": [int...]}}
     */
    Map<String, Object> export() {
        double[] widened = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            widened[i] = inputs[i];
        }
        int[] classes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            classes[i] = (int) labels[i];
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("x", ArrayExport.nested(widened, shape));
        description.put("labels", classes);
        return description;
    }
}
