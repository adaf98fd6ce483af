package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

/**
 * Adam with a constant gradient {@code g} moves a weight by {@code lr g / (|g| + eps)} per step
 * (the bias-corrected moments are exactly {@code g} and {@code g^2}); a step decay scales that
 * move after each boundary step.
 */
class AdamStepDecayTest {

    @Test
    void stepDecayScalesTheLearningRateAfterEachBoundary() {
        Adam adam = Adam.builder().optLearningRate(0.1).optEpsilon(1e-300).optStepDecay(0.5, 2, 4).build();
        double[] expected = {0.9, 0.8, 0.75, 0.7, 0.675, 0.65};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new double[] {1.0});
            for (double value : expected) {
                try (NDArray gradient = manager.create(new double[] {3.0})) {
                    adam.update("w", w, gradient);
                }
                assertEquals(value, w.getDouble(0), 1e-12);
            }
        }
        assertEquals("[2, 4]", adam.settings().get("decay_steps"));
    }

    @Test
    void badDecaySettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().optStepDecay(0, 5));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().optStepDecay(0.5, 5, 5));
    }
}
