package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

import io.github.neuralode.engine.OwnedArrays;

/**
 * The mean squared or mean absolute error, times a weight: {@code weight * mean((p - y)^2)} or
 * {@code weight * mean(|p - y|)} over all elements, the prediction reshaped to the label's shape.
 *
 * <p>The same values as DJL's {@code L2Loss} and {@code L1Loss} (whose default weights are 1/2
 * and 1), without their hazard: those multiply by the weight as a Java number, which DJL wraps in
 * a temporary buffer that the autograd graph keeps and a garbage collection before backward can
 * free ({@link OwnedArrays}). Here a weight other than 1 is an engine-owned scalar.
 */
public final class ErrorLoss extends Loss {

    private final boolean squared;
    private final double weight;

    private ErrorLoss(String name, boolean squared, double weight) {
        super(name);
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
        }
        this.squared = squared;
        this.weight = weight;
    }

    /**
     * Creates the weighted mean squared error.
     *
     * @param name the loss's name in metrics and logs
     * @param weight the factor in front of the mean, positive ({@code 1} for the plain MSE,
     *     {@code 0.5} for DJL's {@code Loss.l2Loss()})
     * @return the loss
     */
    public static ErrorLoss squared(String name, double weight) {
        return new ErrorLoss(name, true, weight);
    }

    /**
     * Creates the weighted mean absolute error.
     *
     * @param name the loss's name in metrics and logs
     * @param weight the factor in front of the mean, positive
     * @return the loss
     */
    public static ErrorLoss absolute(String name, double weight) {
        return new ErrorLoss(name, false, weight);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray label = labels.singletonOrThrow();
        NDArray difference = predictions.singletonOrThrow().reshape(label.getShape()).sub(label);
        NDArray mean = (squared ? difference.square() : difference.abs()).mean();
        if (weight == 1) {
            return mean;
        }
        return mean.mul(OwnedArrays.scalar(mean.getManager(), weight, mean.getDataType()));
    }
}
