package io.github.neuralode.experiments.engine;

import ai.djl.Device;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code --device} value into a DJL {@link Device}: {@code cpu}, {@code gpu} (the first
 * GPU), {@code gpu:N}, or {@code auto} (the first GPU when there is one, else the CPU). A GPU that
 * the engine does not see is refused with a message that lists the devices it does see.
 */
public final class DeviceChoice {

    private DeviceChoice() {}

    /**
     * Resolves a device name against the GPUs the engine sees.
     *
     * @param value {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}
     * @param gpuCount the number of GPUs the engine sees
     * @return the device
     * @throws IllegalArgumentException naming the value, the devices found and the fix
     */
    public static Device resolve(String value, int gpuCount) {
        String name = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "cpu":
                return Device.cpu();
            case "auto":
                return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case "gpu":
                return gpu(value, 0, gpuCount);
            default:
                if (name.startsWith("gpu:")) {
                    try {
                        return gpu(value, Integer.parseInt(name.substring(4)), gpuCount);
                    } catch (NumberFormatException e) {
                        // falls through to the usage message
                    }
                }
                throw new IllegalArgumentException(
                        value + " is not a device: use cpu, gpu, gpu:N or auto");
        }
    }

    /**
     * Lists the devices the engine sees, the CPU first.
     *
     * @param gpuCount the number of GPUs
     * @return {@code cpu(), gpu(0), ...}
     */
    public static List<Device> available(int gpuCount) {
        List<Device> devices = new ArrayList<>();
        devices.add(Device.cpu());
        for (int i = 0; i < gpuCount; i++) {
            devices.add(Device.gpu(i));
        }
        return devices;
    }

    private static Device gpu(String value, int id, int gpuCount) {
        if (id < 0 || id >= gpuCount) {
            throw new IllegalArgumentException(
                    value
                            + " is not on this machine: PyTorch sees "
                            + gpuCount
                            + " GPU(s) (devices found: "
                            + available(gpuCount)
                            + "); use one of those, or auto to take a GPU only when there is one"
                            + (gpuCount == 0
                                    ? " (with CPU natives DJL never sees a GPU: see the README's"
                                            + " Docker section)"
                                    : ""));
        }
        return Device.gpu(id);
    }
}
