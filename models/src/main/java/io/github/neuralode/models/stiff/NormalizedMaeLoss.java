package io.github.neuralode.models.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

import io.github.neuralode.engine.OwnedArrays;

/**
 * The normalised loss of stiff neural ODEs (Kim et al. 2021, eq. 14): the mean absolute error of
 * {@code y / yScale}, so that every species counts alike whatever its magnitude.
 *
 * <p>Shapes: prediction and label alike, {@code (..., n)} with the state components last (e.g.
 * an {@code OdeBlock} trajectory {@code (times, batch, n)}); {@code yScale} has {@code n} positive
 * entries in the state's units. The result is a scalar, the mean over every entry of {@code
 * |prediction - label| / yScale}, with {@link #perComponent} giving the same mean per component.
 */
public final class NormalizedMaeLoss extends Loss {

    private final double[] scale;

    /**
     * Creates the loss.
     *
     * @param name the loss's name in DJL's training listeners
     * @param scale one positive finite scale per state component
     * @throws IllegalArgumentException if a scale is not positive and finite
     */
    public NormalizedMaeLoss(String name, double... scale) {
        super(name);
        if (scale == null || scale.length == 0) {
            throw new IllegalArgumentException("scale needs one entry per state component");
        }
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0) || Double.isInfinite(scale[i])) {
                throw new IllegalArgumentException(
                        "scale[" + i + "] must be positive and finite, got " + scale[i]);
            }
        }
        this.scale = scale.clone();
    }

    /**
     * Returns the scales.
     *
     * @return a copy of {@code yScale}
     */
    public double[] getScale() {
        return scale.clone();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return normalizedErrors(labels.singletonOrThrow(), predictions.singletonOrThrow()).mean();
    }

    /**
     * Returns the normalised mean absolute error of every component, off no tape in particular
     * (call it with recording paused for metrics).
     *
     * @param label the true states {@code (..., n)}
     * @param prediction the predicted states, shaped like {@code label}
     * @return {@code n} means
     */
    public double[] perComponent(NDArray label, NDArray prediction) {
        NDArray errors = normalizedErrors(label, prediction);
        int n = scale.length;
        return errors.reshape(-1, n).mean(new int[] {0}).toType(
                        ai.djl.ndarray.types.DataType.FLOAT64, false)
                .toDoubleArray();
    }

    private NDArray normalizedErrors(NDArray label, NDArray prediction) {
        if (!label.getShape().equals(prediction.getShape())) {
            throw new IllegalArgumentException(
                    "prediction "
                            + prediction.getShape()
                            + " and label "
                            + label.getShape()
                            + " must have the same shape");
        }
        long n = prediction.getShape().get(prediction.getShape().dimension() - 1);
        if (n != scale.length) {
            throw new IllegalArgumentException(
                    "the states have "
                            + n
                            + " components but the scale has "
                            + scale.length
                            + ": give one scale per component");
        }
        NDArray inverse =
                OwnedArrays.copyOf(
                                prediction.getManager(),
                                reciprocals(),
                                new Shape(scale.length),
                                prediction.getDataType())
                        .toDevice(prediction.getDevice(), false);
        return prediction.sub(label).abs().mul(inverse);
    }

    private double[] reciprocals() {
        double[] inverse = new double[scale.length];
        for (int i = 0; i < scale.length; i++) {
            inverse[i] = 1.0 / scale[i];
        }
        return inverse;
    }
}
