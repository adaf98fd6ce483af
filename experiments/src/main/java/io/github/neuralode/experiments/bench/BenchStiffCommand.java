package io.github.neuralode.experiments.bench;

import io.github.neuralode.data.kinetics.Rober;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.bench.StiffSolve.JacobianSource;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.io.AtomicFiles;
import io.github.neuralode.solver.SolveStats;
import io.github.neuralode.solver.StepMode;
import io.github.neuralode.solver.stiff.RosenbrockTableau;
import io.github.neuralode.solver.stiff.RosenbrockTableaus;

import com.google.gson.Gson;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench-stiff}: ROBER on {@code [0, 1e5]} and POLLU on {@code [0, 60]} at rtol 1e-6, atol
 * 1e-10, float64, with Rodas5P and Rosenbrock23, analytic and autograd Jacobians, for the
 * unperturbed initial state (SHARED steps) and a batch of 1,024 perturbed initial states (64 with
 * {@code --quick}) in PER_SAMPLE and SHARED modes.
 *
 * <p>results.json: per configuration {@code PROBLEM_WORKLOAD_METHOD_JACOBIAN_STAT}, e.g. {@code
 * rober_batch1024_per_sample_rodas5p_analytic_nfe}, with WORKLOAD {@code single}, {@code
 * batch1024_per_sample} or {@code batch1024_shared} (the key keeps its name under {@code --quick};
 * {@code batch_size} says how many samples ran) and STAT {@code ms} (median), {@code nfe} (batched
 * field evaluations, an autograd Jacobian counting as one), {@code jacobians}, {@code
 * factorizations} (each serves all stages' linear solves of one attempt), {@code steps} (accepted;
 * in PER_SAMPLE mode the most any sample took) and {@code rejected} (summed over samples in
 * PER_SAMPLE mode); the default configuration
 * (Rodas5P, analytic Jacobian, PER_SAMPLE for the batch) also as {@code rober_single_ms}, {@code
 * rober_batch1024_ms}, {@code pollu_single_ms}, {@code pollu_batch1024_ms}; {@code
 * PROBLEM_single_METHOD_JACOBIAN_max_rel_error} against the reference (components above atol),
 * the default's as {@code rober_max_rel_error} and {@code pollu_max_rel_error}. With {@code
 * --defaults-only} only the default configuration runs. Times are medians after a warm-up; the
 * batched problems are benchmarked with the initial states of {@link StiffProblem#batch}.
 *
 * <p>The problems and initial states go to {@code stiff_workloads.json} for {@code
 * experiments/scripts/scipy_stiff_reference.py}, which times SciPy on the same problems.
 */
@Command(
        name = "bench-stiff",
        mixinStandardHelpOptions = true,
        description = "Benchmark Rosenbrock solvers on ROBER and POLLU (single and batched).")
public final class BenchStiffCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(BenchStiffCommand.class);

    private static final List<RosenbrockTableau> METHODS =
            List.of(RosenbrockTableaus.RODAS5P, RosenbrockTableaus.ROSENBROCK23);

    @Mixin ExperimentOptions options;

    @Spec CommandSpec spec;

    @Option(
            names = "--reference",
            paramLabel = "DIR",
            defaultValue = "../shared/data/reference",
            description =
                    "Folder with the Test Set's reference solutions (" + StiffReference.POLLU_FILE
                            + "; default: ${DEFAULT-VALUE}).")
    Path reference;

    private Double warmup;

    @Mixin ThreadOption threadOption;

    @Mixin DeviceOption deviceOption;

    /** Sets {@code --warmup} after checking that it is a finite duration of at most a day. */
    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description =
                    "JIT warm-up per timed configuration, 0.." + OptionChecks.MAX_SECONDS
                            + " (default 2, or 0.2 with --quick).")
    void setWarmup(double seconds) {
        warmup = OptionChecks.requireSeconds(spec, "--warmup", seconds);
    }

    @Option(
            names = "--defaults-only",
            description =
                    "Run only the default configuration (Rodas5P, analytic Jacobian, PER_SAMPLE"
                            + " batch): what scipy_stiff_reference.py --rounds compares, in a"
                            + " tenth of the time.")
    boolean defaultsOnly;

    private int warmups;

    private double warmupSeconds;

    private int runs;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        double[] polluReference = polluReference();
        int batch = options.quick() ? 64 : 1024;
        warmups = options.quick() ? 1 : 2;
        warmupSeconds = warmup != null ? warmup : options.quick() ? 0.2 : 2.0;
        runs = options.quick() ? 3 : 9;
        EngineThreads.set(threadOption.threads());
        Results results = new Results();
        results.put("batch_size", batch)
                .put("runs", runs)
                .put("warmup_seconds", warmupSeconds)
                .put("threads", threadOption.threads())
                .put("rtol", StiffSolve.RTOL)
                .put("atol", StiffSolve.ATOL);
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("rtol", StiffSolve.RTOL);
        exported.put("atol", StiffSolve.ATOL);
        for (StiffProblem problem : StiffProblem.values()) {
            double[][] states = problem.batch(batch, options.seed());
            double[] expected =
                    problem == StiffProblem.ROBER ? Rober.reference(problem.endTime()) : polluReference;
            exported.put(problem.key(), problem.export(states, expected));
            benchProblem(problem, states, expected, results);
        }
        results.write(options.out());
        AtomicFiles.writeString(
                options.out().resolve("stiff_workloads.json"), new Gson().toJson(exported));
        logger.info("wrote {} and stiff_workloads.json", options.out().resolve("results.json"));
        return 0;
    }

    /** Reads POLLU's reference before any work; a missing folder or file is a usage error. */
    private double[] polluReference() {
        try {
            return StiffReference.pollu(reference, StiffProblem.POLLU.network().species());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--reference': " + e.getMessage());
        }
    }

    private void benchProblem(
            StiffProblem problem, double[][] states, double[] expected, Results results) {
        String p = problem.key();
        for (RosenbrockTableau method : METHODS) {
            for (JacobianSource jacobian : JacobianSource.values()) {
                if (defaultsOnly && !isDefault(method, jacobian)) {
                    continue;
                }
                String suffix = "_" + method.shortName() + "_" + jacobian.key();
                StiffSolve.Outcome single =
                        bench(problem, problem.single(), method, jacobian, StepMode.SHARED,
                                p + "_single" + suffix, results);
                results.put(p + "_single" + suffix + "_max_rel_error",
                        StiffReference.maxRelativeError(single.finalState(), expected, StiffSolve.ATOL));
                for (StepMode mode : defaultsOnly ? List.of(StepMode.PER_SAMPLE) : List.of(StepMode.values())) {
                    bench(problem, states, method, jacobian, mode,
                            p + "_batch1024_" + mode.name().toLowerCase(Locale.ROOT) + suffix, results);
                }
            }
        }
        String defaults = "_" + RosenbrockTableaus.RODAS5P.shortName() + "_" + JacobianSource.ANALYTIC.key();
        results.put(p + "_single_ms", (double) results.get(p + "_single" + defaults + "_ms"))
                .put(p + "_batch1024_ms", (double) results.get(p + "_batch1024_per_sample" + defaults + "_ms"))
                .put(p + "_max_rel_error", (double) results.get(p + "_single" + defaults + "_max_rel_error"));
    }

    private static boolean isDefault(RosenbrockTableau method, JacobianSource jacobian) {
        return method == RosenbrockTableaus.RODAS5P && jacobian == JacobianSource.ANALYTIC;
    }

    /** Times one configuration and records its median time and counters under {@code key}. */
    private StiffSolve.Outcome bench(
            StiffProblem problem,
            double[][] states,
            RosenbrockTableau method,
            JacobianSource jacobian,
            StepMode mode,
            String key,
            Results results) {
        try (StiffSolve solve =
                new StiffSolve(problem, states, method, jacobian, mode, deviceOption.device())) {
            StiffSolve.Outcome outcome = solve.run();
            double millis = Timing.medianMillis(warmups, warmupSeconds, runs, solve::run);
            SolveStats stats = outcome.stats();
            results.put(key + "_ms", millis)
                    .put(key + "_nfe", stats.functionEvaluations())
                    .put(key + "_jacobians", stats.method().jacobians())
                    .put(key + "_factorizations", stats.method().factorizations())
                    .put(key + "_steps", stats.acceptedSteps())
                    .put(key + "_rejected", stats.rejectedSteps());
            logger.info("{}: {} ms, {}", key, String.format("%.1f", millis), stats);
            return outcome;
        }
    }
}
