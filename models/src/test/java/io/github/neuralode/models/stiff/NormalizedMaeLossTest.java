package io.github.neuralode.models.stiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

/** The normalised MAE (paper eq. 14) against values worked out by hand. */
class NormalizedMaeLossTest {

    @Test
    void meanAndPerComponentErrorsMatchTheHandComputation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizedMaeLoss loss = new NormalizedMaeLoss("nmae", 2, 1e-5);
            // (batch 1, times 2, species 2)
            NDArray label = manager.create(new double[] {1, 1e-5, 0.5, 3e-5}).reshape(1, 2, 2);
            NDArray prediction = manager.create(new double[] {0, 2e-5, 1.5, 2e-5}).reshape(1, 2, 2);
            // |errors| / scale: (0.5, 1), (0.5, 1) -> species means (0.5, 1), mean 0.75
            double value = loss.evaluate(new NDList(label), new NDList(prediction)).getDouble();
            assertEquals(0.75, value, 1e-12);
            assertArrayEquals(new double[] {0.5, 1.0}, loss.perComponent(label, prediction), 1e-12);
        }
    }

    @Test
    void mismatchedShapesAndScalesAreNamed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizedMaeLoss loss = new NormalizedMaeLoss("nmae", 1, 1, 1);
            NDArray two = manager.zeros(new ai.djl.ndarray.types.Shape(1, 4, 2));
            IllegalArgumentException scale =
                    assertThrows(IllegalArgumentException.class, () -> loss.perComponent(two, two));
            assertTrue(scale.getMessage().contains("one scale per component"), scale.getMessage());
            NDArray other = manager.zeros(new ai.djl.ndarray.types.Shape(1, 3, 2));
            assertThrows(IllegalArgumentException.class, () -> loss.perComponent(two, other));
        }
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> new NormalizedMaeLoss("x", 1, -1));
        assertTrue(bad.getMessage().contains("scale[1]"), bad.getMessage());
    }
}
