package io.github.neuralode.experiments.gradcheck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.check.GradientReport;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code grad-check}: runs {@link GradientCheck} on a float64 trajectory {@code OdeBlock} with the
 * 2-50-50-2 tanh MLP of W1 (y0 uniform in [0.5, 2], outputs every 0.1 on [0, 6.1]; {@code
 * --quick}: 5 outputs on [0, 2]) and writes, per parameter tensor and for y0, the relative errors
 * of CHECKPOINT_ADJOINT and BACKSOLVE_ADJOINT against DIRECT and of DIRECT against central finite
 * differences ({@code <tensor>_checkpoint_vs_direct}, {@code <tensor>_backsolve_vs_direct}, {@code
 * <tensor>_direct_vs_fd}), and their maxima ({@code max_checkpoint_vs_direct}, {@code
 * max_backsolve_vs_direct}, {@code max_direct_vs_fd}).
 */
@Command(
        name = "grad-check",
        mixinStandardHelpOptions = true,
        description = "Compare DIRECT, both adjoints and finite differences on an MLP OdeBlock.")
public final class GradCheckCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(GradCheckCommand.class);

    /** The sensitivities compared with DIRECT, in the order of their result keys. */
    private static final List<Sensitivity> COMPARED =
            List.of(Sensitivity.CHECKPOINT_ADJOINT, Sensitivity.BACKSOLVE_ADJOINT);

    /** The methods the check can run. */
    enum Method {
        /** Adaptive Dopri5 at {@code --rtol} (atol = rtol / 100). */
        DOPRI5,
        /** Fixed-step RK4 with {@code --steps} steps. */
        RK4
    }

    private static final double MIN_RTOL = 1e-13;
    private static final double MAX_RTOL = 1e-1;
    private static final int MAX_STEPS = 100_000;
    private static final int MAX_BATCH = 1024;

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    @Option(names = "--method", description = "DOPRI5 or RK4 (default: ${DEFAULT-VALUE}).")
    Method method = Method.DOPRI5;

    private double rtol;

    private int steps;

    private int batch;

    /** Sets {@code --rtol} after checking its range (float64 rounding bounds it below). */
    @Option(
            names = "--rtol",
            defaultValue = "1e-10",
            description =
                    "Dopri5 relative tolerance, " + MIN_RTOL + ".." + MAX_RTOL
                            + " (default: ${DEFAULT-VALUE}).")
    void setRtol(double value) {
        rtol = OptionChecks.requireInRange(spec, "--rtol", value, MIN_RTOL, MAX_RTOL);
    }

    /** Sets {@code --steps} after checking its range. */
    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "1000",
            description = "RK4 steps, 1.." + MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    void setSteps(int value) {
        steps = OptionChecks.requireInRange(spec, "--steps", value, 1, MAX_STEPS);
    }

    /** Sets {@code --batch} after checking its range. */
    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "8",
            description = "Batch size, 1.." + MAX_BATCH + " (default: ${DEFAULT-VALUE}).")
    void setBatch(int value) {
        batch = OptionChecks.requireInRange(spec, "--batch", value, 1, MAX_BATCH);
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        EngineThreads.set(1);
        double end = options.quick() ? 2.0 : 6.1;
        double[] times = outputTimes(end, options.quick() ? 0.5 : 0.1);
        OdeSolver solver =
                method == Method.RK4
                        ? OdeSolver.builder()
                                .optMethod(Tableaus.RK4)
                                .optStepSizeController(ConstantStepSize.ofSteps(0, end, steps))
                                .build()
                        : OdeSolver.builder()
                                .optStepSizeController(PidController.of(rtol, rtol / 100))
                                .build();
        try (NDManager manager = NDManager.newBaseManager(deviceOption.device())) {
            OdeBlock block =
                    OdeBlock.builder()
                            .setVectorField(Mlp.tanh(2, 50, 50))
                            .optSolver(solver)
                            .optTimes(times)
                            .optOutput(OdeOutput.TRAJECTORY)
                            .build();
            Engine.getInstance().setRandomSeed((int) options.seed());
            block.initialize(manager, DataType.FLOAT64, new Shape(batch, 2));
            NDArray y0 = manager.randomUniform(0.5f, 2f, new Shape(batch, 2), DataType.FLOAT64);
            GradientReport report =
                    GradientCheck.builder()
                            .setBlock(block)
                            .setInput(y0)
                            .optSensitivities(COMPARED.toArray(Sensitivity[]::new))
                            .optEntries(options.quick() ? 2 : 6)
                            .build()
                            .run();
            logger.info("relative gradient errors:\n{}", report);
            write(report).write(options.out());
        }
        return 0;
    }

    private Results write(GradientReport report) {
        Results results = new Results();
        results.put("method", method.name()).put("batch", batch);
        for (GradientReport.TensorErrors tensor : report.tensors()) {
            for (Map.Entry<String, Double> error : tensor.vsDirect().entrySet()) {
                results.put(tensor.name() + "_" + error.getKey() + "_vs_direct", error.getValue());
            }
            results.put(tensor.name() + "_direct_vs_fd", tensor.directVsFiniteDifferences());
        }
        for (Sensitivity sensitivity : COMPARED) {
            double worst = report.maxErrorVsDirect(sensitivity);
            results.put("max_" + sensitivity.name() + "_vs_direct", worst);
        }
        return results.put("max_direct_vs_fd", report.maxFiniteDifferenceError());
    }

    private static double[] outputTimes(double end, double spacing) {
        int count = (int) Math.round(end / spacing) + 1;
        double[] times = new double[count];
        for (int i = 0; i < count; i++) {
            times[i] = Math.min(end, i * spacing);
        }
        return times;
    }
}
