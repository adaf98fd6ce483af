package io.github.neuralode.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

/**
 * {@link Autograd#zeroGradient} zeroes an accumulated gradient in place, NaN entries included,
 * and leaves no array behind in the parameter's manager (it runs once per parameter and training
 * step in every library optimizer).
 */
class AutogradTest {

    @Test
    void zeroGradientZeroesInPlaceAndLeavesNoArrayBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1, 0, 2});
            weight.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(weight.log().mul(weight.sqrt()).sum());
            }
            int arrays = manager.getManagedArrays().size();
            for (int step = 0; step < 5; step++) {
                Autograd.zeroGradient(weight);
            }
            assertEquals(arrays, manager.getManagedArrays().size(), "arrays left behind");
            try (NDArray gradient = weight.getGradient()) {
                assertArrayEquals(new float[] {0, 0, 0}, gradient.toFloatArray());
            }
        }
    }
}
