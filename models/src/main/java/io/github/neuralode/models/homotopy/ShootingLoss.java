package io.github.neuralode.models.homotopy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

import io.github.neuralode.engine.OwnedArrays;

/**
 * The loss of multiple shooting: the mean squared error of the segments' predictions against
 * the samples plus {@code weight} times the mean squared continuity gap, as the authors' code
 * computes it. Predictions: {@link MultipleShootingModel}'s output (trajectory {@code (1, T, n)},
 * gaps {@code (m - 1, n)}); labels: the samples {@code (1, T, n)}.
 */
public final class ShootingLoss extends Loss {

    private final double weight;

    /**
     * Creates the loss.
     *
     * @param name the loss's name in metrics
     * @param weight the continuity weight, {@code >= 0}
     */
    public ShootingLoss(String name, double weight) {
        super(name);
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be >= 0 and finite, got " + weight);
        }
        this.weight = weight;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.size() != 2) {
            throw new IllegalArgumentException(
                    "expected the trajectory and the continuity gaps of a MultipleShootingModel, got "
                            + predictions.size()
                            + " arrays");
        }
        NDArray label = labels.singletonOrThrow();
        NDArray error = predictions.get(0).reshape(label.getShape()).sub(label).square().mean();
        NDArray penalty = predictions.get(1).square().mean();
        return error.add(
                penalty.mul(OwnedArrays.scalar(penalty.getManager(), weight, penalty.getDataType())));
    }
}
