package io.github.neuralode.experiments.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code doctor}: prints what the process runs on ({@link EngineDescription}, the devices, DJL's
 * cache folder), then, on the CPU and on every GPU the engine sees, solves a tiny problem (a 2-16-2
 * tanh field with fixed weights, batch 4, Dopri5 on [0, 1], adaptive at rtol 1e-8 in float64,
 * 20 fixed steps in float32 so that rounding cannot change the step sequence; outputs at 0, 0.5,
 * 1) and
 * takes the gradient of the mean squared output with {@code DIRECT} and {@code
 * CHECKPOINT_ADJOINT}, in float64 and float32, and compares each with the CPU's {@code DIRECT}
 * gradient of the same precision: relative error at most 1e-10 (float64) and 1e-5 (float32), else
 * the command fails (exit 1) naming the device and case. {@code --device gpu} (or {@code gpu:N})
 * on a machine without that GPU is a usage error (exit 2) that lists the devices found.
 *
 * <p>results.json: {@code engine}, {@code version}, {@code djl_version}, {@code flavour}, {@code
 * gpus}, {@code threads}, and per device ({@code cpu}, {@code gpu0}, ...), sensitivity ({@code
 * direct}, {@code checkpoint}) and type ({@code float64}, {@code float32}): {@code
 * <device>_<sensitivity>_<type>_rel_error} and {@code _loss}; {@code worst_float64_rel_error},
 * {@code worst_float32_rel_error}.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description =
                "Print the engine, natives, devices and threads; check a tiny solve and its"
                        + " gradients on every device against the CPU.")
public final class DoctorCommand implements Callable<Integer> {

    /** Largest accepted relative gradient error against the CPU in float64. */
    static final double FLOAT64_TOLERANCE = 1e-10;
    /** Largest accepted relative gradient error against the CPU in float32. */
    static final double FLOAT32_TOLERANCE = 1e-5;

    private static final double[][] Y0 = {{0.5, 1.0}, {1.5, -0.5}, {-1.0, 2.0}, {0.2, 0.1}};

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        EngineDescription engine = EngineDescription.current();
        PrintStream out = System.out;
        out.println("engine:      " + engine.engine() + " " + engine.version() + " (DJL " + engine.djlVersion() + ")");
        out.println("natives:     " + engine.flavour() + " from " + engine.libraryPath());
        out.println("devices:     " + DeviceChoice.available(engine.gpus()));
        out.println("threads:     " + engine.threads() + " intra-op");
        out.println("DJL cache:   " + engine.cacheDir());
        Results results = new Results();
        results.put("engine", engine.engine())
                .put("version", engine.version())
                .put("djl_version", engine.djlVersion())
                .put("flavour", engine.flavour())
                .put("gpus", engine.gpus())
                .put("threads", engine.threads());
        List<String> failures = new ArrayList<>();
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            double tolerance = type == DataType.FLOAT64 ? FLOAT64_TOLERANCE : FLOAT32_TOLERANCE;
            String typeName = type == DataType.FLOAT64 ? "float64" : "float32";
            Gradient reference = gradient(Device.cpu(), Sensitivity.DIRECT, type);
            double worst = 0;
            for (Device device : DeviceChoice.available(engine.gpus())) {
                for (Sensitivity sensitivity : List.of(Sensitivity.DIRECT, Sensitivity.CHECKPOINT_ADJOINT)) {
                    String key = key(device) + "_" + name(sensitivity) + "_" + typeName;
                    Gradient g = gradient(device, sensitivity, type);
                    double error = GradientCheck.relativeError(g.values(), reference.values());
                    worst = Math.max(worst, error);
                    results.put(key + "_rel_error", error).put(key + "_loss", g.loss());
                    String verdict = error <= tolerance ? "ok" : "FAILED";
                    out.printf(
                            Locale.ROOT,
                            "%-40s loss %.12g, gradient vs cpu direct %.2e (limit %.0e) %s%n",
                            key,
                            g.loss(),
                            error,
                            tolerance,
                            verdict);
                    if (!(error <= tolerance)) {
                        failures.add(key + " differs from the CPU by " + String.format(Locale.ROOT, "%.2e", error));
                    }
                }
            }
            results.put("worst_" + typeName + "_rel_error", worst);
        }
        results.write(options.out());
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
        out.println("doctor: every device agrees with the CPU" + (engine.gpus() == 0 ? " (no GPU found)" : ""));
        return 0;
    }

    /** The loss and the flattened parameter gradient of the tiny problem. */
    private record Gradient(double loss, double[] values) {}

    private static Gradient gradient(Device device, Sensitivity sensitivity, DataType type) {
        OdeBlock block =
                OdeBlock.builder()
                        .setVectorField(Mlp.tanh(2, 16))
                        .optSolver(
                                OdeSolver.builder()
                                        .optStepSizeController(
                                                type == DataType.FLOAT64
                                                        ? PidController.of(1e-8, 1e-10)
                                                        : new ConstantStepSize(0.05))
                                        .build())
                        .optTimes(0, 0.5, 1.0)
                        .optOutput(OdeOutput.TRAJECTORY)
                        .optSensitivity(sensitivity)
                        .build();
        PatternInitializer.applyTo(block);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            block.initialize(manager, type, new Shape(Y0.length, 2));
            NDArray y0 = manager.create(Y0).toType(type, false);
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output =
                        block.forward(new ParameterStore(manager, false), new NDList(y0), true)
                                .singletonOrThrow();
                NDArray mean = output.square().mean();
                loss = mean.toType(DataType.FLOAT64, false).getDouble();
                OdeBackward.backward(collector, mean);
            }
            List<Double> values = new ArrayList<>();
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                double[] g =
                        parameter.getValue()
                                .getArray()
                                .getGradient()
                                .toType(DataType.FLOAT64, false)
                                .toDevice(Device.cpu(), false)
                                .toDoubleArray();
                for (double v : g) {
                    values.add(v);
                }
            }
            return new Gradient(loss, values.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private static String key(Device device) {
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }

    private static String name(Sensitivity sensitivity) {
        return sensitivity == Sensitivity.DIRECT ? "direct" : "checkpoint";
    }
}
