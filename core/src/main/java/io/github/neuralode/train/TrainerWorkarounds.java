package io.github.neuralode.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Works around two gaps of DJL 0.35.1's {@code Trainer}: {@code step()}'s one-time gradient
 * sanity check reads the summed gradients with {@code getFloat()} and so throws "DataType
 * mismatch, Required float, Actual float64" on the first step of every float64 model (the check
 * only logs a warning when all gradients are zero; for float64 models it is marked as done before
 * training starts); and the device copies of the parameters, whose gradients a transform over all
 * devices needs, sit in a private parameter store.
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

    /**
     * Returns, per trained parameter, its gradient on each of the trainer's devices (new handles:
     * close them). DJL keeps the device copies in the trainer's private parameter store; with one
     * device the single copy is the parameter's own array.
     *
     * @param trainer a trainer after backward
     * @return per parameter, one gradient per device, in the trainer's device order
     */
    static List<List<NDArray>> deviceGradients(Trainer trainer) {
        ParameterStore store;
        try {
            Field field = Trainer.class.getDeclaredField("parameterStore");
            field.setAccessible(true);
            store = (ParameterStore) field.get(trainer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot reach the device copies of the parameters with this DJL version ("
                            + e.getMessage()
                            + "): train on one device",
                    e);
        }
        List<List<NDArray>> gradients = new ArrayList<>();
        for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
            if (!parameter.requiresGradient() || !parameter.isInitialized()) {
                continue;
            }
            List<NDArray> copies = new ArrayList<>();
            for (Device device : trainer.getDevices()) {
                NDArray copy = store.getValue(parameter, device, true);
                if (copy.hasGradient()) {
                    copies.add(copy.getGradient());
                }
            }
            if (!copies.isEmpty()) {
                gradients.add(copies);
            }
        }
        return gradients;
    }
}
