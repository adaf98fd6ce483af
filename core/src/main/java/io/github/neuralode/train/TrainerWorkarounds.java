package io.github.neuralode.train;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;

import java.lang.reflect.Field;

/**
 * Works around DJL 0.35.1's {@code Trainer.step()}, whose one-time gradient sanity check reads
 * the summed gradients with {@code getFloat()} and so throws "DataType mismatch, Required float,
 * Actual float64" on the first step of every float64 model. The check only logs a warning when
 * all gradients are zero; for float64 models it is marked as done before training starts.
 */
final class TrainerWorkarounds {

    private TrainerWorkarounds() {}

    /**
     * Marks DJL's first-step gradient check as done if any trained parameter is not float32.
     *
     * @param trainer the trainer about to train
     */
    static void skipGradientCheckUnlessFloat32(Trainer trainer) {
        boolean allFloat32 = true;
        for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
            if (parameter.requiresGradient()
                    && parameter.isInitialized()
                    && parameter.getArray().getDataType() != DataType.FLOAT32) {
                allFloat32 = false;
            }
        }
        if (allFloat32) {
            return;
        }
        try {
            Field checked = Trainer.class.getDeclaredField("gradientsChecked");
            checked.setAccessible(true);
            checked.setBoolean(trainer, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot train a non-float32 model with this DJL version: Trainer.step() "
                            + "checks gradients as float32 ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }
}
