package io.github.neuralode.models.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

/** Zero padding appends exact zeros on axis 1; truncation keeps the leading entries. */
class AugmentationTest {

    @Test
    void vectorsGainZeroDimensionsAndLoseThemAgain() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[][] {{1, 2}, {3, 4}});
            NDArray padded = run(new ZeroPadding(3), x, manager);
            assertEquals(new Shape(2, 5), padded.getShape());
            assertArrayEquals(new double[] {1, 2, 0, 0, 0, 3, 4, 0, 0, 0}, padded.toDoubleArray());
            assertEquals(new Shape(2, 5), new ZeroPadding(3).getOutputShapes(new Shape[] {new Shape(2, 2)})[0]);
            NDArray kept = run(new Truncation(2), padded, manager);
            assertArrayEquals(x.toDoubleArray(), kept.toDoubleArray());
        }
    }

    @Test
    void imagesGainZeroChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(2, 1, 3, 3), DataType.FLOAT32);
            NDArray padded = run(new ZeroPadding(2), x, manager);
            assertEquals(new Shape(2, 3, 3, 3), padded.getShape());
            assertEquals(18.0, padded.sum().getFloat(), 0.0);
            assertEquals(18.0, padded.get(":, 0").sum().getFloat(), 0.0);
            assertEquals(new Shape(2, 1, 3, 3),
                    new Truncation(1).getOutputShapes(new Shape[] {new Shape(2, 3, 3, 3)})[0]);
            assertArrayEquals(x.toFloatArray(), run(new Truncation(1), padded, manager).toFloatArray());
        }
    }

    @Test
    void badSettingsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ZeroPadding(-1))
                .getMessage().contains("extra"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Truncation(0))
                .getMessage().contains("kept"));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> new Truncation(5).getOutputShapes(new Shape[] {new Shape(2, 3)}));
        assertTrue(wide.getMessage().contains("(2, 3)"), wide.getMessage());
    }

    private static NDArray run(ai.djl.nn.Block block, NDArray x, NDManager manager) {
        block.initialize(manager, x.getDataType(), x.getShape());
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }
}
