package io.github.neuralode.experiments.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bench-solve}: the solver workloads of ../shared/benchmarks/REFERENCE.md.
 *
 * <ul>
 *   <li>W1: MLP 2-50-50-2 tanh, y0 uniform in [0.5, 2], 62 outputs on [0, 6.1], Dopri5 rtol 1e-7
 *       atol 1e-9, float64, batch 1, 64 and 1024: function evaluations, median forward and
 *       forward+backward (DIRECT) times.
 *   <li>W2: MLP 3-50-50-3, batch 512, float32, RK4 with 100 steps on [0, 1], loss on y(1).
 *   <li>Accuracy: the batch-64 forward solution against a float64 solve at rtol 1e-12.
 * </ul>
 *
 * <p>All workloads run with {@code --threads} intra-op threads (default 1, see {@link
 * EngineThreads}). Times are medians after a time-based warm-up. torchdiffeq's medians from
 * REFERENCE.md are written beside ours ({@code *_reference_md_*}), but they were measured on other
 * random weights (152 evaluations where ours need about 100) and on another day: the fair
 * comparison runs {@code experiments/scripts/torchdiffeq_reference.py} on the exported {@code
 * workloads.json} right after this command, on the same machine.
 */
@Command(
        name = "bench-solve",
        mixinStandardHelpOptions = true,
        description = "Benchmark forward and forward+backward solves (REFERENCE.md W1, W2).")
public final class BenchSolveCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(BenchSolveCommand.class);

    /** torchdiffeq 0.2.5 medians in ms from REFERENCE.md (W1 B=1/64/1024, forward / fwd+bwd). */
    private static final double[][] TORCHDIFFEQ_W1 = {{10.9, 29.5}, {14.9, 35.1}, {59.7, 136.9}};

    private static final double[] TORCHDIFFEQ_W2 = {43.7, 115.2};

    @Mixin ExperimentOptions options;

    @Spec CommandSpec spec;

    private double warmupSeconds;

    /** Weights and initial states of every timed workload, for experiments/scripts. */
    private final java.util.Map<String, Object> exported = new java.util.LinkedHashMap<>();

    private Double warmup;

    private double holdSeconds;

    @Mixin ThreadOption threadOption;

    @Mixin DeviceOption deviceOption;

    /** Sets {@code --warmup} after checking that it is a finite duration of at most a day. */
    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description =
                    "JIT warm-up per timed workload and mode, 0.." + OptionChecks.MAX_SECONDS
                            + " (default 6, or 0.5 with --quick): the JVM needs 6-9 s before a lone"
                            + " workload's times settle.")
    void setWarmup(double seconds) {
        warmup = OptionChecks.requireSeconds(spec, "--warmup", seconds);
    }

    @Option(
            names = "--workloads",
            split = ",",
            description =
                    "Run only these workloads (comma-separated: lv_b1, lv_b64, lv_b1024, rk4_b512;"
                            + " default all, without lv_b1024 under --quick). The side-by-side script"
                            + " runs one at a time to pair each with torchdiffeq closely in time.")
    List<String> workloads;

    /** Sets {@code --hold} after checking that it is a finite duration of at most a day. */
    @Option(
            names = "--hold",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description =
                    "After timing each workload, keep repeating its forward+backward for this long,"
                            + " 0.." + OptionChecks.MAX_SECONDS + " (default ${DEFAULT-VALUE}) so"
                            + " that a sampling profiler can attach to the logged process id, e.g."
                            + " perf record -F 1000 -p PID.")
    void setHold(double seconds) {
        holdSeconds = OptionChecks.requireSeconds(spec, "--hold", seconds);
    }

    @Option(
            names = "--profile",
            description =
                    "Also trace W1 B=64 forward+backward with PyTorch's operator profiler and write"
                            + " the split of its time (profile_w1_b64.json, lv_b64_profile_* keys).")
    boolean profile;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        int warmups = options.quick() ? 1 : 2;
        warmupSeconds = warmup != null ? warmup : options.quick() ? 0.5 : 6.0;
        int runs = options.quick() ? 3 : 9;
        Set<String> selected = selectedWorkloads();
        int[] batches = {1, 64, 1024};
        Results results = new Results();
        EngineThreads.set(threadOption.threads());
        results.put("runs", runs)
                .put("warmup_seconds", warmupSeconds)
                .put("threads", threadOption.threads());
        exported.clear();
        for (int i = 0; i < batches.length; i++) {
            if (selected.contains("lv_b" + batches[i])) {
                benchW1(batches[i], TORCHDIFFEQ_W1[i], warmups, runs, results);
            }
        }
        if (selected.contains("rk4_b512")) {
            benchW2(warmups, runs, results);
        }
        if (selected.contains("lv_b64")) {
            results.put("reference_max_abs_error", referenceError());
        }
        if (profile) {
            profileW1(results);
        }
        results.write(options.out());
        io.github.neuralode.io.AtomicFiles.writeString(
                options.out().resolve("workloads.json"),
                new com.google.gson.Gson().toJson(exported));
        logger.info("wrote {} and workloads.json", options.out().resolve("results.json"));
        return 0;
    }

    private Set<String> selectedWorkloads() {
        List<String> known = List.of("lv_b1", "lv_b64", "lv_b1024", "rk4_b512");
        if (workloads == null || workloads.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(known);
            if (options.quick()) {
                all.remove("lv_b1024");
            }
            return all;
        }
        for (String name : workloads) {
            if (!known.contains(name)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "unknown workload '" + name + "' in --workloads: choose from " + known);
            }
        }
        return new LinkedHashSet<>(workloads);
    }

    private void benchW1(int batch, double[] reference, int warmups, int runs, Results results) {
        String key = "lv_b" + batch;
        try (SolveWorkload workload = w1(batch, PidController.of(1e-7, 1e-9), DataType.FLOAT64)) {
            exported.put(key, workload.export());
            double forward = Timing.medianMillis(warmups, warmupSeconds, runs, workload::forwardOnce);
            double forwardBackward = Timing.medianMillis(warmups, warmupSeconds, runs, workload::forwardBackward);
            long nfe = workload.forwardOnce();
            hold(key, workload, results);
            record(results, key, forward, forwardBackward, reference);
            results.put(key + "_nfe", nfe);
            logger.info(
                    "W1 B={}: nfe {}, forward {} ms, forward+backward {} ms",
                    batch, nfe, fmt(forward), fmt(forwardBackward));
        }
    }

    private void benchW2(int warmups, int runs, Results results) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.RK4)
                        .optStepSizeController(ConstantStepSize.ofSteps(0, 1, 100))
                        .build();
        try (SolveWorkload workload =
                new SolveWorkload(
                        3, 512, DataType.FLOAT32, -1f, 1f, solver, SaveAt.finalState(0, 1),
                        options.seed(), deviceOption.device())) {
            exported.put("rk4_b512", workload.export());
            double forward = Timing.medianMillis(warmups, warmupSeconds, runs, workload::forwardOnce);
            double forwardBackward = Timing.medianMillis(warmups, warmupSeconds, runs, workload::forwardBackward);
            hold("rk4_b512", workload, results);
            record(results, "rk4_b512", forward, forwardBackward, TORCHDIFFEQ_W2);
            logger.info(
                    "W2 RK4 B=512: forward {} ms, forward+backward {} ms",
                    fmt(forward), fmt(forwardBackward));
        }
    }

    /** Repeats the workload's forward+backward for {@code --hold} seconds, for a sampling profiler. */
    private void hold(String key, SolveWorkload workload, Results results) {
        if (holdSeconds == 0) {
            return;
        }
        logger.info(
                "{}: repeating forward+backward for {} s in process {}: attach a sampler now",
                key, holdSeconds, ProcessHandle.current().pid());
        long end = System.nanoTime() + (long) (holdSeconds * 1e9);
        int repeats = 0;
        while (repeats == 0 || System.nanoTime() < end) {
            workload.forwardBackward();
            repeats++;
        }
        results.put(key + "_hold_repeats", repeats);
    }

    private static void record(
            Results results,
            String key,
            double forward,
            double forwardBackward,
            double[] reference) {
        results.put(key + "_forward_ms", forward)
                .put(key + "_forward_backward_ms", forwardBackward)
                .put(key + "_reference_md_forward_ms", reference[0])
                .put(key + "_reference_md_forward_backward_ms", reference[1])
                .put(key + "_forward_ratio_to_reference_md", forward / reference[0])
                .put(key + "_forward_backward_ratio_to_reference_md", forwardBackward / reference[1]);
    }

    /** Traces 5 forward+backward runs of W1 B=64 and records where their time went (ms per run). */
    private void profileW1(Results results) throws java.io.IOException {
        java.nio.file.Path trace = options.out().resolve("profile_w1_b64.json");
        java.nio.file.Files.createDirectories(options.out());
        int traced = 5;
        try (SolveWorkload workload = w1(64, PidController.of(1e-7, 1e-9), DataType.FLOAT64)) {
            workload.forwardBackward();
            io.github.neuralode.engine.OpProfiler.start();
            for (int i = 0; i < traced; i++) {
                workload.forwardBackward();
            }
            io.github.neuralode.engine.OpProfiler.stop(trace);
        }
        TraceSummary.of(trace)
                .millis()
                .forEach((category, millis) -> results.put("lv_b64_profile_" + category + "_ms", millis / traced));
        logger.info("operator profile of W1 B=64 written to {}", trace);
    }

    /** Max |difference| of the B=64 W1 solution against a float64 solve at rtol 1e-12. */
    private double referenceError() {
        try (SolveWorkload benchmark = w1(64, PidController.of(1e-7, 1e-9), DataType.FLOAT64);
                SolveWorkload reference = w1(64, PidController.of(1e-12, 1e-14), DataType.FLOAT64);
                NDManager scope = NDManager.newBaseManager(deviceOption.device())) {
            OdeSolution ours = benchmark.forward(scope);
            OdeSolution tight = reference.forward(scope);
            NDArray difference = ours.outputs().sub(tight.outputs()).abs().max();
            return difference.getDouble();
        }
    }

    private SolveWorkload w1(int batch, PidController controller, DataType dataType) {
        double[] times = new double[62];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.1 * i;
        }
        OdeSolver solver =
                OdeSolver.builder().optStepSizeController(controller).optMaxSteps(100_000).build();
        return new SolveWorkload(
                2, batch, dataType, 0.5f, 2f, solver, SaveAt.times(times), options.seed(),
                deviceOption.device());
    }

    private static String fmt(double millis) {
        return String.format("%.1f", millis);
    }
}
