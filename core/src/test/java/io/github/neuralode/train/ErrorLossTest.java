package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.github.neuralode.engine.GarbageChurn;

import org.junit.jupiter.api.Test;

/** Values and gradients of {@link ErrorLoss} against hand-computed ones, also after a collection. */
class ErrorLossTest {

    private static final double[] PREDICTION = {1.0, -2.0, 0.5, 4.0};
    private static final double[] LABEL = {0.0, -1.0, 0.5, 1.0};

    @Test
    void weightedSquaredErrorAndItsGradientSurviveGarbageCollection() {
        // differences 1, -1, 0, 3: mean square 11/4, gradient 2 w d / 4
        double weight = 0.5;
        double[] gradient = gradient(ErrorLoss.squared("l2", weight), weight * 11 / 4);
        assertArrayEquals(new double[] {0.25, -0.25, 0.0, 0.75}, gradient, 1e-15);
    }

    @Test
    void absoluteErrorAndItsGradient() {
        // |d| = 1, 1, 0, 3: mean 5/4, gradient sign(d) / 4 (PyTorch: sign(0) = 0)
        double[] gradient = gradient(ErrorLoss.absolute("l1", 1.0), 5.0 / 4);
        assertArrayEquals(new double[] {0.25, -0.25, 0.0, 0.25}, gradient, 1e-15);
    }

    @Test
    void rejectsAWeightThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> ErrorLoss.squared("mse", 0));
        assertThrows(IllegalArgumentException.class, () -> ErrorLoss.absolute("mae", Double.NaN));
    }

    private static double[] gradient(ErrorLoss loss, double expectedValue) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray prediction = manager.create(PREDICTION).reshape(2, 2);
            prediction.setRequiresGradient(true);
            NDArray label = manager.create(LABEL);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(new NDList(label), new NDList(prediction));
                assertEquals(expectedValue, value.getDouble(), 1e-15);
                GarbageChurn.run(manager);
                collector.backward(value);
            }
            return prediction.getGradient().toDoubleArray();
        }
    }
}
