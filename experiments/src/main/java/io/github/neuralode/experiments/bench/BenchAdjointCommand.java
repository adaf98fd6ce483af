package io.github.neuralode.experiments.bench;

import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.sensitivity.AdjointNorm;
import io.github.neuralode.sensitivity.BacksolveAdjoint;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.PidController;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench-adjoint}: time, backward evaluations and peak memory of the three sensitivities.
 *
 * <ul>
 *   <li>RK4 with 100, 1,000 and 5,000 steps on [0, 1] (option {@code --steps}), the 2-50-50-2
 *       tanh MLP, batch 64, float64, loss {@code mean(y(1)^2)}: per sensitivity the median
 *       forward+backward time ({@code <s>_ms_<steps>}), the backward evaluations ({@code
 *       <s>_backward_nfe_<steps>}) and the peak resident-memory growth ({@code
 *       <s>_peak_mb_<steps>}, see {@link PeakMemory}); the adjoints' largest relative gradient
 *       error against DIRECT over all tensors at 1,000 steps (or the largest step count below).
 *   <li>W1 of REFERENCE.md at B=64 (62 outputs on [0, 6.1], Dopri5 rtol 1e-7 atol 1e-9):
 *       forward+backward with each sensitivity ({@code w1_b64_<s>_ms}) next to torchdiffeq's
 *       backsolve adjoint (290 ms), and the gradient errors against DIRECT.
 * </ul>
 *
 * <p>{@code <s>} is {@code direct}, {@code checkpoint} or {@code backsolve}. Peak memory is the
 * growth of the resident set during one pass, measured by default in a fresh child JVM per
 * workload ({@link MemoryProbe}), since memory freed by an earlier workload and kept by the
 * allocator would hide part of a later peak. Times run on {@code --device}; the child JVM always
 * runs its workload on the CPU (the resident set is a CPU notion), and the in-process measurement
 * does not see a GPU's memory either.
 */
@Command(
        name = "bench-adjoint",
        mixinStandardHelpOptions = true,
        description = "Benchmark DIRECT, CHECKPOINT_ADJOINT and BACKSOLVE_ADJOINT gradients.")
public final class BenchAdjointCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(BenchAdjointCommand.class);

    /** torchdiffeq 0.2.5's odeint_adjoint on W1, B=64, from REFERENCE.md. */
    private static final double TORCHDIFFEQ_W1_ADJOINT_MS = 290;

    private static final List<Sensitivity> BY_MEMORY =
            List.of(
                    Sensitivity.BACKSOLVE_ADJOINT,
                    Sensitivity.CHECKPOINT_ADJOINT,
                    Sensitivity.DIRECT);

    /** The adjoints whose gradients are compared with DIRECT's. */
    private static final List<Sensitivity> ADJOINTS =
            List.of(Sensitivity.CHECKPOINT_ADJOINT, Sensitivity.BACKSOLVE_ADJOINT);

    private static final int MAX_STEPS = 100_000;

    @Mixin ExperimentOptions options;

    @Spec CommandSpec spec;

    private int[] steps;

    /** Sets {@code --steps} after checking the range of every step count. */
    @Option(
            names = "--steps",
            paramLabel = "N",
            split = ",",
            defaultValue = "100,1000,5000",
            description = "RK4 step counts, each 1.." + MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    void setSteps(int[] counts) {
        steps = OptionChecks.requireAllInRange(spec, "--steps", counts, 1, MAX_STEPS);
    }

    @Mixin ThreadOption threadOption;

    @Mixin DeviceOption deviceOption;

    @Option(
            names = "--memory",
            description = "Where peak memory is measured: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MemoryMeasurement memory = MemoryMeasurement.CHILD_PROCESS;

    /** Where the RK4 workloads' peak memory is measured. */
    enum MemoryMeasurement {
        /** A fresh JVM per workload ({@link MemoryProbe}): exact peaks, one JVM start each. */
        CHILD_PROCESS,
        /** In this JVM, smallest first: cheaper, but reused freed memory hides part of a peak. */
        IN_PROCESS
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        EngineThreads.set(threadOption.threads());
        Results results = new Results();
        results.put("batch", 64).put("threads", EngineThreads.get());
        int errorSteps = errorStepCount();
        for (int count : steps) {
            benchRk4(count, count == errorSteps, results);
        }
        benchW1(results);
        results.write(options.out());
        logger.info("wrote {}", options.out().resolve("results.json"));
        return 0;
    }

    private int errorStepCount() {
        int chosen = steps[0];
        for (int count : steps) {
            if (count <= 1000 && count > chosen || chosen > 1000 && count < chosen) {
                chosen = count;
            }
        }
        return chosen;
    }

    private void benchRk4(int count, boolean errors, Results results) {
        int runs = options.quick() || count >= 5000 ? 1 : 5;
        int warmups = options.quick() ? 0 : 1;
        try (AdjointWorkload workload =
                MemoryProbe.rk4(count, 64, options.seed(), deviceOption.device())) {
            workload.forwardBackward(Sensitivity.CHECKPOINT_ADJOINT);
            Map<String, Map<String, double[]>> byName = new HashMap<>();
            for (Sensitivity sensitivity : BY_MEMORY) {
                String key = sensitivity.name();
                double peak =
                        memory == MemoryMeasurement.CHILD_PROCESS
                                ? MemoryProbe.measureInChild(sensitivity, count, options.seed())
                                : PeakMemory.peakGrowthMib(() -> workload.forwardBackward(sensitivity));
                Map<String, double[]>[] last = newHolder();
                double ms =
                        Timing.medianMillis(
                                warmups, 0, runs, () -> last[0] = workload.forwardBackward(sensitivity));
                results.put(key + "_peak_mb_" + count, peak)
                        .put(key + "_ms_" + count, ms)
                        .put(key + "_backward_nfe_" + count, last[0].get("backward_nfe")[0]);
                logger.info(
                        "RK4 {} steps {}: {} ms, backward nfe {}, peak {} MiB",
                        count, sensitivity, fmt(ms), (long) last[0].get("backward_nfe")[0], fmt(peak));
                byName.put(key, last[0]);
            }
            if (errors) {
                putErrors(workload, byName.get(Sensitivity.DIRECT.name()), ADJOINTS, "", results);
                results.put("error_steps", count);
            }
        }
    }

    /** Puts {@code <prefix><s>_rel_error_vs_direct} for every adjoint {@code s}. */
    private void putErrors(
            AdjointWorkload workload,
            Map<String, double[]> direct,
            List<Sensitivity> adjoints,
            String prefix,
            Results results) {
        for (Sensitivity adjoint : adjoints) {
            double error =
                    AdjointWorkload.maxRelativeError(workload.forwardBackward(adjoint), direct);
            results.put(prefix + adjoint.name() + "_rel_error_vs_direct", error);
            logger.info("{}relative error vs DIRECT: {} {}", prefix, adjoint, error);
        }
    }

    private void benchW1(Results results) {
        double[] times = new double[62];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.1 * i;
        }
        OdeSolver solver =
                OdeSolver.builder().optStepSizeController(PidController.of(1e-7, 1e-9)).build();
        Sensitivity backsolve = BacksolveAdjoint.builder().optNorm(AdjointNorm.FULL).build();
        List<Sensitivity> byMemory =
                List.of(backsolve, Sensitivity.CHECKPOINT_ADJOINT, Sensitivity.DIRECT);
        int runs = options.quick() ? 3 : 9;
        int warmups = options.quick() ? 1 : 2;
        try (AdjointWorkload workload =
                new AdjointWorkload(
                        64, solver, SaveAt.times(times), options.seed(), deviceOption.device())) {
            Map<String, Map<String, double[]>> byName = new HashMap<>();
            for (Sensitivity sensitivity : byMemory) {
                Map<String, double[]>[] last = newHolder();
                double ms =
                        Timing.medianMillis(
                                warmups,
                                options.quick() ? 0.5 : 3.0,
                                runs,
                                () -> last[0] = workload.forwardBackward(sensitivity));
                String key = "w1_b64_" + sensitivity.name();
                results.put(key + "_ms", ms)
                        .put(key + "_backward_nfe", last[0].get("backward_nfe")[0])
                        .put(key + "_ratio_to_torchdiffeq_adjoint", ms / TORCHDIFFEQ_W1_ADJOINT_MS);
                logger.info(
                        "W1 B=64 {}: {} ms ({}x torchdiffeq's adjoint), backward nfe {}",
                        sensitivity, fmt(ms), fmt(ms / TORCHDIFFEQ_W1_ADJOINT_MS), (long) last[0].get("backward_nfe")[0]);
                byName.put(sensitivity.name(), last[0]);
            }
            results.put("w1_b64_torchdiffeq_adjoint_ms", TORCHDIFFEQ_W1_ADJOINT_MS);
            putErrors(
                    workload,
                    byName.get(Sensitivity.DIRECT.name()),
                    List.of(Sensitivity.CHECKPOINT_ADJOINT, backsolve),
                    "w1_b64_",
                    results);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, double[]>[] newHolder() {
        return new Map[1];
    }

    private static String fmt(double value) {
        return String.format("%.2f", value);
    }
}
