package io.github.neuralode.experiments.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --device} option, mixed in with {@code @Mixin}: {@code cpu} (default), {@code gpu},
 * {@code gpu:N} or {@code auto}, resolved by {@link DeviceChoice} at parse time, so a GPU that is
 * not there is a usage error that lists the devices found before any work starts.
 */
public final class DeviceOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Device device = Device.cpu();

    /** Sets {@code --device} after resolving it against the engine's GPUs. */
    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            description =
                    "cpu, gpu (the first GPU), gpu:N, or auto (the first GPU when there is one);"
                            + " default: cpu.")
    void setDevice(String value) {
        try {
            device = DeviceChoice.resolve(value, Engine.getInstance().getGpuCount());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Invalid value for option '--device': " + e.getMessage());
        }
    }

    /**
     * Returns the chosen device.
     *
     * @return the device, the CPU unless {@code --device} said otherwise
     */
    public Device device() {
        return device;
    }
}
