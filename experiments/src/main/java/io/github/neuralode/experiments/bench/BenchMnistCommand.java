package io.github.neuralode.experiments.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.engine.OpProfiler;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.io.AtomicFiles;
import io.github.neuralode.models.anode.AnodeModels;
import io.github.neuralode.models.augment.Augmentation;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.ButcherTableau;
import io.github.neuralode.solver.tableau.Tableaus;
import io.github.neuralode.train.Adam;

import com.google.gson.Gson;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench-mnist}: the time of one training iteration (forward, backward, Adam step) of
 * MNIST-shaped classifiers with an ODE block, on a fixed batch of uniform inputs (no dataset).
 *
 * <ul>
 *   <li>W3 of ../shared/benchmarks/REFERENCE.md, batch 100: {@code Linear(784 -> 20)}, zero
 *       padding to 30, the ODE on [0, 1] with the field MLP 30-10-10-30 (tanh, linear output), the
 *       first 20 dimensions into {@code Linear(20 -> 10)}, softmax cross-entropy, Adam (lr 1e-3);
 *       with Dopri5 (rtol 1e-3, atol 1e-4) and RK4 (10 steps), each under {@code DIRECT} and
 *       {@code CHECKPOINT_ADJOINT}. All four start from the same weights.
 *   <li>The ANODE paper's conv ANODE ({@link AnodeModels#convAnode}, 5 zero channels, 64 filters,
 *       Dopri5 rtol = atol = 1e-3, {@code CHECKPOINT_ADJOINT}, or {@code DIRECT} with {@code
 *       --conv-sensitivity direct}) on {@code (256, 1, 28, 28)} inputs;
 *       {@code --quick} uses a batch of 16 and names the keys after it ({@code conv_anode_b16_*}).
 * </ul>
 *
 * <p>Per configuration {@code KEY}: {@code KEY_iter_ms} the median iteration time over {@code
 * --runs} timed iterations (conv: {@code --conv-runs}) after 3 untimed ones (conv: 1), the model
 * training on from iteration to iteration; medians over the same timed iterations of the forward
 * and backward function evaluations ({@code KEY_nfe_forward}, {@code KEY_nfe_backward}) and of
 * the phases of {@link TrainingWorkload} ({@code KEY_data_ms}, {@code KEY_forward_ms} with its
 * ODE share {@code KEY_forward_solve_ms}, {@code KEY_backward_ms}, {@code KEY_optimizer_ms},
 * {@code KEY_other_ms}: medians need not add up to the iteration's); the loss of the first and
 * last iteration ({@code KEY_first_loss}, {@code KEY_last_loss}). Before a W3 configuration is
 * timed, a throwaway copy trains for {@code --warmup} seconds so that the JIT has compiled the
 * solver loop; the timed model then starts afresh from the initial weights, so its iterations are
 * the same as those of the side-by-side script.
 *
 * <p>Adam is DJL's fused {@code Optimizer.adam()} by default ({@code --adam DJL}: about 0.4 ms
 * per W3 step against 1.2 ms for {@code --adam LIBRARY}, the library's {@link Adam}, which
 * follows PyTorch's rule exactly; DJL's puts eps outside the bias correction, see {@link
 * AdamImplementation}). The first iteration's loss does not depend on it.
 *
 * <p>{@code workloads.json} holds the settings, the initial weights (every layer's weight {@code
 * (out, in, ...)} and bias) and the batches, for {@code
 * experiments/scripts/torchdiffeq_mnist_reference.py}, which trains the same models from the same
 * start with torchdiffeq; the first losses of both must agree (the correctness check of the side
 * by side).
 */
@Command(
        name = "bench-mnist",
        mixinStandardHelpOptions = true,
        description = "Benchmark one training iteration of MNIST-shaped ANODEs (REFERENCE.md W3, conv ANODE).")
public final class BenchMnistCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(BenchMnistCommand.class);

    static final int W3_BATCH = 100;
    static final int W3_WARMUPS = 3;
    static final int CONV_WARMUPS = 1;
    static final int CLASSES = 10;
    static final int FEATURES = 20;
    static final int EXTRA = 10;
    static final int CONV_EXTRA_CHANNELS = 5;
    static final int CONV_FILTERS = 64;
    static final double LEARNING_RATE = 1e-3;
    static final int RK4_STEPS = 10;
    static final String CONV_KEY = "conv_anode";

    /** The W3 configurations: method (Dopri5 adaptive, RK4 with 10 steps) and sensitivity. */
    enum W3Config {
        DOPRI5_DIRECT("w3_dopri5_direct", Tableaus.DOPRI5, Sensitivity.DIRECT),
        DOPRI5_CHECKPOINT("w3_dopri5_checkpoint", Tableaus.DOPRI5, Sensitivity.CHECKPOINT_ADJOINT),
        RK4_DIRECT("w3_rk4_direct", Tableaus.RK4, Sensitivity.DIRECT),
        RK4_CHECKPOINT("w3_rk4_checkpoint", Tableaus.RK4, Sensitivity.CHECKPOINT_ADJOINT);

        private final String key;
        private final ButcherTableau method;
        private final Sensitivity sensitivity;

        W3Config(String key, ButcherTableau method, Sensitivity sensitivity) {
            this.key = key;
            this.method = method;
            this.sensitivity = sensitivity;
        }

        /** Dopri5 with rtol 1e-3 and atol 1e-4, or RK4 with 10 steps on [0, 1]. */
        OdeSolver solver() {
            return OdeSolver.builder()
                    .optMethod(method)
                    .optStepSizeController(
                            method.isAdaptive()
                                    ? PidController.of(1e-3, 1e-4)
                                    : ConstantStepSize.ofSteps(0, 1, RK4_STEPS))
                    .build();
        }
    }

    @Mixin ExperimentOptions options;

    @Spec CommandSpec spec;

    @Mixin ThreadOption threadOption;

    @Mixin DeviceOption deviceOption;

    private Integer runs;

    private Integer convRuns;

    private Double warmup;

    @Option(
            names = "--conv-sensitivity",
            paramLabel = "S",
            converter = SensitivityName.class,
            defaultValue = "checkpoint",
            description = "Gradients of the conv ANODE: checkpoint (the paper's adjoint, O(steps)"
                    + " memory) or direct (autograd through the solve, as torchdiffeq's odeint);"
                    + " any case; default ${DEFAULT-VALUE}.")
    Sensitivity convSensitivity;

    /** Reads {@code checkpoint} or {@code direct}, in any case, by {@link Sensitivity#named}. */
    static final class SensitivityName implements CommandLine.ITypeConverter<Sensitivity> {
        @Override
        public Sensitivity convert(String value) {
            Sensitivity sensitivity = Sensitivity.named(value.toLowerCase(Locale.ROOT));
            if (sensitivity == Sensitivity.BACKSOLVE_ADJOINT) {
                throw new CommandLine.TypeConversionException(
                        "the conv ANODE is timed with checkpoint or direct, not " + value);
            }
            return sensitivity;
        }
    }

    /** Sets {@code --runs} after checking its range. */
    @Option(
            names = "--runs",
            paramLabel = "N",
            description = "Timed iterations per W3 configuration, 1..10000 (default 20, or 5 with --quick).")
    void setRuns(int value) {
        runs = OptionChecks.requireInRange(spec, "--runs", value, 1, 10_000);
    }

    /** Sets {@code --conv-runs} after checking its range. */
    @Option(
            names = "--conv-runs",
            paramLabel = "N",
            description = "Timed iterations of the conv ANODE, 1..1000 (default 3, or 2 with --quick).")
    void setConvRuns(int value) {
        convRuns = OptionChecks.requireInRange(spec, "--conv-runs", value, 1, 1000);
    }

    /** Sets {@code --warmup} after checking that it is a finite duration of at most a day. */
    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description =
                    "JIT warm-up per W3 configuration on a throwaway copy, 0.." + OptionChecks.MAX_SECONDS
                            + " (default 10, or 0.3 with --quick; 3 s left the first configuration"
                            + " 1.5x slower).")
    void setWarmup(double seconds) {
        warmup = OptionChecks.requireSeconds(spec, "--warmup", seconds);
    }

    @Option(
            names = "--adam",
            description =
                    "Adam implementation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    AdamImplementation adam = AdamImplementation.DJL;

    /** Which Adam trains the models; both use lr 1e-3, betas 0.9 and 0.999, eps 1e-8. */
    enum AdamImplementation {
        /**
         * DJL's {@code Optimizer.adam()}: one fused native update per parameter; the step {@code
         * lr sqrt(1 - beta2^t) / (1 - beta1^t) m / (sqrt(v) + eps)} puts eps outside the bias
         * correction (Kingma and Ba's "efficient" form), so its trajectory drifts from PyTorch's
         * by about 1e-5 in the loss over the first ten iterations.
         */
        DJL,
        /**
         * The library's {@code io.github.neuralode.train.Adam}: PyTorch's update rule exactly
         * (checkpointable state), about 15 separate operations per parameter.
         */
        LIBRARY
    }

    @Option(
            names = "--workloads",
            split = ",",
            description =
                    "Run only these configurations (comma-separated: w3_dopri5_direct,"
                            + " w3_dopri5_checkpoint, w3_rk4_direct, w3_rk4_checkpoint, conv_anode;"
                            + " default all).")
    List<String> workloads;

    @Option(
            names = "--profile",
            description =
                    "Also trace 5 iterations of each W3 configuration with PyTorch's operator profiler:"
                            + " profile_KEY.json and KEY_profile_* keys (ms per iteration).")
    boolean profile;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Set<String> selected = selectedWorkloads();
        int timedRuns = runs != null ? runs : options.quick() ? 5 : 20;
        int convTimedRuns = convRuns != null ? convRuns : options.quick() ? 2 : 3;
        int convBatch = options.quick() ? 16 : 256;
        double warmupSeconds = warmup != null ? warmup : options.quick() ? 0.3 : 10.0;
        EngineThreads.set(threadOption.threads());
        Results results = new Results();
        results.put("threads", threadOption.threads())
                .put("runs", timedRuns)
                .put("warmups", W3_WARMUPS)
                .put("warmup_seconds", warmupSeconds)
                .put("w3_batch", W3_BATCH)
                .put("conv_runs", convTimedRuns)
                .put("conv_warmups", CONV_WARMUPS)
                .put("conv_batch", convBatch)
                .put("conv_sensitivity", convSensitivity.name().toUpperCase(Locale.ROOT))
                .put("conv_key", convKey(convBatch))
                .put("adam", adam.name());
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("settings", settings(timedRuns, convTimedRuns, convBatch));
        FixedBatch w3Batch = FixedBatch.uniform(new Shape(W3_BATCH, 784), CLASSES, options.seed());
        List<float[]> initial = w3Initial(w3Batch, exported);
        for (W3Config config : W3Config.values()) {
            if (selected.contains(config.key)) {
                benchW3(config, w3Batch, initial, timedRuns, warmupSeconds, results);
            }
        }
        if (selected.contains(CONV_KEY)) {
            benchConv(convBatch, convTimedRuns, results, exported);
        }
        results.write(options.out());
        AtomicFiles.writeString(options.out().resolve("workloads.json"), new Gson().toJson(exported));
        logger.info("wrote {} and workloads.json", options.out().resolve("results.json"));
        return 0;
    }

    private Set<String> selectedWorkloads() {
        List<String> known =
                List.of(
                        W3Config.DOPRI5_DIRECT.key,
                        W3Config.DOPRI5_CHECKPOINT.key,
                        W3Config.RK4_DIRECT.key,
                        W3Config.RK4_CHECKPOINT.key,
                        CONV_KEY);
        if (workloads == null || workloads.isEmpty()) {
            return new LinkedHashSet<>(known);
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

    private static String convKey(int batch) {
        return CONV_KEY + "_b" + batch;
    }

    private Map<String, Object> settings(int timedRuns, int convTimedRuns, int convBatch) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("seed", options.seed());
        settings.put("learning_rate", LEARNING_RATE);
        settings.put("runs", timedRuns);
        settings.put("warmups", W3_WARMUPS);
        settings.put("conv_runs", convTimedRuns);
        settings.put("conv_warmups", CONV_WARMUPS);
        settings.put("conv_batch", convBatch);
        settings.put("conv_key", convKey(convBatch));
        settings.put("rk4_steps", RK4_STEPS);
        settings.put("adam", adam.name());
        return settings;
    }

    /** The W3 classifier: {@code Linear(784 -> 20)}, ANODE on 30 dimensions, {@code Linear(20 -> 10)}. */
    static Block w3(OdeSolver solver, Sensitivity sensitivity) {
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(Mlp.tanh(FEATURES + EXTRA, 10, 10))
                        .optSolver(solver)
                        .optTimes(0, 1)
                        .optSensitivity(sensitivity)
                        .build();
        return new SequentialBlock()
                .add(Mlp.builder().setOutputs(FEATURES).build())
                .add(Augmentation.zeroPadding(EXTRA, ode, FEATURES))
                .add(Mlp.builder().setOutputs(CLASSES).build());
    }

    /**
     * Initialises one W3 model from the seed, exports its weights and the batch, and returns the
     * weights that every W3 configuration starts from.
     */
    private List<float[]> w3Initial(FixedBatch batch, Map<String, Object> exported) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        Block template = w3(W3Config.DOPRI5_DIRECT.solver(), Sensitivity.DIRECT);
        // on the CPU: the template only gives its weights, read back as Java arrays, to the
        // workloads, which train on --device
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            template.initialize(manager, DataType.FLOAT32, batch.shape());
            List<Block> parts = template.getChildren().values();
            OdeBlock ode = TrainingWorkload.odeBlocks(template).get(0);
            Map<String, Object> w3 = new LinkedHashMap<>();
            w3.put("encoder", ArrayExport.layers(parts.get(0)).get(0));
            w3.put("field", ArrayExport.layers(ode.getVectorField()));
            w3.put("decoder", ArrayExport.layers(parts.get(2)).get(0));
            w3.putAll(batch.export());
            exported.put("w3", w3);
            return TrainingWorkload.snapshot(template);
        }
    }

    private void benchW3(
            W3Config config,
            FixedBatch batch,
            List<float[]> initial,
            int timedRuns,
            double warmupSeconds,
            Results results)
            throws IOException {
        try (TrainingWorkload throwaway = w3Workload(config, batch, initial)) {
            long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
            do {
                throwaway.iterate();
            } while (System.nanoTime() < end);
        }
        try (TrainingWorkload workload = w3Workload(config, batch, initial)) {
            double ms = Timing.medianMillis(W3_WARMUPS, 0, timedRuns, workload::iterate);
            record(config.key, ms, workload.iterations(), timedRuns, results);
            if (profile) {
                profileW3(config.key, workload, results);
            }
        }
    }

    /** Traces 5 iterations of a timed workload and records where their time went (ms each). */
    private void profileW3(String key, TrainingWorkload workload, Results results)
            throws IOException {
        Path trace = options.out().resolve("profile_" + key + ".json");
        Files.createDirectories(options.out());
        int traced = 5;
        OpProfiler.start();
        for (int i = 0; i < traced; i++) {
            workload.iterate();
        }
        OpProfiler.stop(trace);
        TraceSummary.of(trace)
                .millis()
                .forEach((category, millis) -> results.put(key + "_profile_" + category + "_ms", millis / traced));
        logger.info("operator profile of {} written to {}", key, trace);
    }

    private TrainingWorkload w3Workload(W3Config config, FixedBatch batch, List<float[]> initial) {
        return new TrainingWorkload(
                config.key,
                w3(config.solver(), config.sensitivity),
                batch,
                optimizer(),
                initial,
                deviceOption.device());
    }

    private void benchConv(int batchSize, int timedRuns, Results results, Map<String, Object> exported) {
        String key = convKey(batchSize);
        FixedBatch batch =
                FixedBatch.uniform(new Shape(batchSize, 1, 28, 28), CLASSES, options.seed() + 2);
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.DOPRI5)
                        .optStepSizeController(PidController.of(1e-3, 1e-3))
                        .build();
        Engine.getInstance().setRandomSeed((int) options.seed());
        Block model =
                AnodeModels.convAnode(
                        CONV_EXTRA_CHANNELS, CONV_FILTERS, solver, convSensitivity);
        try (TrainingWorkload workload = new TrainingWorkload(key, model, batch, optimizer(), null, deviceOption.device())) {
            List<Block> parts = model.getChildren().values();
            Map<String, Object> conv = new LinkedHashMap<>();
            conv.put("extra_channels", CONV_EXTRA_CHANNELS);
            conv.put("filters", CONV_FILTERS);
            conv.put("field", ArrayExport.layers(TrainingWorkload.odeBlocks(model).get(0).getVectorField()));
            conv.put("classifier", ArrayExport.layers(parts.get(parts.size() - 1)).get(0));
            conv.putAll(batch.export());
            exported.put(CONV_KEY, conv);
            double ms = Timing.medianMillis(CONV_WARMUPS, 0, timedRuns, workload::iterate);
            record(key, ms, workload.iterations(), timedRuns, results);
        }
    }

    /** Adam with lr 1e-3, betas 0.9 and 0.999, eps 1e-8 (PyTorch's defaults). */
    private Optimizer optimizer() {
        return adam == AdamImplementation.DJL
                ? Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) LEARNING_RATE)).build()
                : Adam.builder().optLearningRate(LEARNING_RATE).build();
    }

    /** Records a configuration's medians over its last {@code timedRuns} iterations. */
    private static void record(
            String key,
            double iterationMs,
            List<TrainingWorkload.Iteration> all,
            int timedRuns,
            Results results) {
        List<TrainingWorkload.Iteration> timed = all.subList(all.size() - timedRuns, all.size());
        results.put(key + "_iter_ms", iterationMs)
                .put(key + "_nfe_forward", median(timed, i -> i.forwardNfe()))
                .put(key + "_nfe_backward", median(timed, i -> i.backwardNfe()))
                .put(key + "_data_ms", median(timed, TrainingWorkload.Iteration::dataMs))
                .put(key + "_forward_ms", median(timed, TrainingWorkload.Iteration::forwardMs))
                .put(key + "_forward_solve_ms", median(timed, TrainingWorkload.Iteration::solveMs))
                .put(key + "_backward_ms", median(timed, TrainingWorkload.Iteration::backwardMs))
                .put(key + "_optimizer_ms", median(timed, TrainingWorkload.Iteration::optimizerMs))
                .put(key + "_other_ms", median(timed, TrainingWorkload.Iteration::otherMs))
                .put(key + "_first_loss", all.get(0).loss())
                .put(key + "_last_loss", all.get(all.size() - 1).loss());
        logger.info(
                "{}: {} ms per iteration (data {}, forward {} of which solve {}, backward {}, optimizer {}),"
                        + " nfe forward {} backward {}, loss {} -> {}",
                key,
                fmt(iterationMs),
                fmt(median(timed, TrainingWorkload.Iteration::dataMs)),
                fmt(median(timed, TrainingWorkload.Iteration::forwardMs)),
                fmt(median(timed, TrainingWorkload.Iteration::solveMs)),
                fmt(median(timed, TrainingWorkload.Iteration::backwardMs)),
                fmt(median(timed, TrainingWorkload.Iteration::optimizerMs)),
                (long) median(timed, i -> i.forwardNfe()),
                (long) median(timed, i -> i.backwardNfe()),
                all.get(0).loss(),
                all.get(all.size() - 1).loss());
    }

    private static double median(
            List<TrainingWorkload.Iteration> iterations,
            ToDoubleFunction<TrainingWorkload.Iteration> value) {
        return Timing.median(iterations.stream().mapToDouble(value).toArray());
    }

    private static String fmt(double millis) {
        return String.format("%.2f", millis);
    }
}
