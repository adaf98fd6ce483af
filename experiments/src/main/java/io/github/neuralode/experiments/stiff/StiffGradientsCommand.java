package io.github.neuralode.experiments.stiff;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.data.kinetics.KineticsSeries;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.bench.PeakMemory;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.models.stiff.NormalizedMaeLoss;
import io.github.neuralode.models.trajectory.TrajectoryModel;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.sensitivity.BacksolveAdjoint;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolveException;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SolveStats;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stiff.AutoSwitch;
import io.github.neuralode.solver.stiff.FiniteDifferenceJacobian;
import io.github.neuralode.train.CheckpointStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code stiff-gradients}: the stiff neural ODE paper's section III study on ROBER. The gradient
 * of the normalised MAE of the scaled model ({@link StiffRecipe#ROBER}) with respect to its 188
 * parameters, computed three ways with Tsit5 switching to Rosenbrock23 at {@code rtol = atol =
 * tol} for {@code tol} = 1e-6, 1e-7 and 1e-8:
 *
 * <ul>
 *   <li>{@code direct}: autograd through every solver operation, the exact gradient of the
 *       discrete forward solve (the reference);
 *   <li>{@code checkpoint}: the checkpointed adjoint, the same exact discrete gradient computed
 *       by replaying the recorded steps (agrees with direct to rounding);
 *   <li>{@code backsolve}: the continuous adjoint, solving {@code [y, a, a_theta]} backwards in
 *       time with the same method and tolerances (the reverse-mode stiff solve needs the
 *       Jacobian of the 194-component augmented system, taken column by column with finite
 *       differences), whose state {@code y} is recomputed by integrating a stiff system
 *       backwards, the unstable direction.
 * </ul>
 *
 * <p>The network is the scaled model of a {@code stiff-rober} output folder ({@code --parameters
 * DIR}: its scaled model's best checkpoint, or newest when it has no best) or, without it, the
 * random initialisation of {@code --seed}. {@code --field rates} runs the same study on ROBER
 * itself, the gradient with respect to its three log rate constants (started at {@code (1.2, 0.8,
 * 1.2)} times the true ones, {@link RoberRates}): the classical stiff case. Writes {@code
 * results.json}: {@code backsolve_rel_error_tol6}, {@code _tol7}, {@code _tol8} ({@code ||g -
 * g_direct|| / ||g_direct||}), {@code checkpoint_rel_error_vs_direct} (the largest over the
 * tolerances), and per method and tolerance {@code <method>_seconds_tol<k>} (forward and
 * backward), {@code
 * <method>_peak_mib_tol<k>} (peak resident-memory growth, NaN off Linux) and {@code
 * forward_steps_tol<k>}, {@code forward_stiff_steps_tol<k>}; when the reverse solve fails (the
 * state blows up integrating a stiff system backwards), {@code backsolve_rel_error_tol<k>} is NaN
 * and {@code backsolve_failure_tol<k>} holds the solver's message; plus {@code
 * gradient_norm_tol<k>} and {@code source} (the parameters' origin). {@code --quick} studies 1e-6
 * only.
 */
@Command(
        name = "stiff-gradients",
        mixinStandardHelpOptions = true,
        description =
                "ROBER: gradient error of the backsolve adjoint vs exact discrete gradients at"
                        + " tolerances 1e-6..1e-8 (Kim et al. 2021, section III).")
public final class StiffGradientsCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(StiffGradientsCommand.class);

    private static final int[] EXPONENTS = {6, 7, 8};
    private static final int MAX_STEPS = 200_000;

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    @Option(
            names = "--parameters",
            paramLabel = "DIR",
            description =
                    "A stiff-rober output folder whose trained scaled model to study (default:"
                            + " a random network from --seed).")
    Path parameters;

    @Option(
            names = "--field",
            paramLabel = "FIELD",
            description =
                    "network (the scaled neural ODE, default) or rates (ROBER itself with its"
                            + " three log rate constants as parameters, started at (1.2, 0.8, 1.2)"
                            + " times the true ones).")
    String field = "network";

    /** The factors on the true rates where {@code --field rates} takes its gradient. */
    static final double[] RATE_FACTORS = {1.2, 0.8, 1.2};

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException {
        EngineThreads.set(1);
        boolean rates = field.equals("rates");
        if (!rates && !field.equals("network")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--field " + field + " is unknown: use network or rates");
        }
        if (rates && parameters != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--parameters applies to --field network only");
        }
        KineticsSeries series = StiffRecipe.ROBER.series();
        Results results = new Results();
        String source =
                rates
                        ? "ROBER rate constants x " + Arrays.toString(RATE_FACTORS)
                        : parameters == null
                                ? "random network (seed " + options.seed() + ")"
                                : checkpoints().toString();
        results.put("source", source);
        double worstCheckpoint = 0;
        int[] exponents = options.quick() ? new int[] {EXPONENTS[0]} : EXPONENTS;
        for (int exponent : exponents) {
            double tol = Math.pow(10, -exponent);
            String suffix = "_tol" + exponent;
            Measured direct = measure(series, tol, Sensitivity.DIRECT);
            Measured checkpoint = measure(series, tol, Sensitivity.CHECKPOINT_ADJOINT);
            Measured backsolve;
            try {
                backsolve = measure(series, tol, backsolve(tol));
            } catch (OdeSolveException e) {
                // the reverse solve of a stiff system can blow up: that is a result, not an error
                results.put("backsolve_failure" + suffix, e.getMessage());
                backsolve = Measured.failed("backsolve");
            }
            double checkpointError =
                    GradientCheck.relativeError(checkpoint.gradient, direct.gradient);
            double backsolveError =
                    backsolve.gradient == null
                            ? Double.NaN
                            : GradientCheck.relativeError(backsolve.gradient, direct.gradient);
            worstCheckpoint = Math.max(worstCheckpoint, checkpointError);
            results.put("backsolve_rel_error" + suffix, backsolveError)
                    .put("checkpoint_rel_error_vs_direct" + suffix, checkpointError)
                    .put("gradient_norm" + suffix, norm(direct.gradient))
                    .put("forward_steps" + suffix, direct.steps)
                    .put("forward_stiff_steps" + suffix, direct.stiffSteps);
            for (Measured m : List.of(direct, checkpoint, backsolve)) {
                results.put(m.method + "_seconds" + suffix, m.seconds)
                        .put(m.method + "_peak_mib" + suffix, m.peakMib);
            }
            logger.info(
                    "tol {}: backsolve relative error {}, checkpoint {}; seconds direct {},"
                            + " checkpoint {}, backsolve {}; {} forward steps ({} stiff)",
                    tol,
                    String.format(Locale.ROOT, "%.3e", backsolveError),
                    String.format(Locale.ROOT, "%.1e", checkpointError),
                    String.format(Locale.ROOT, "%.2f", direct.seconds),
                    String.format(Locale.ROOT, "%.2f", checkpoint.seconds),
                    String.format(Locale.ROOT, "%.2f", backsolve.seconds),
                    direct.steps,
                    direct.stiffSteps);
        }
        results.put("checkpoint_rel_error_vs_direct", worstCheckpoint);
        results.write(options.out());
        return 0;
    }

    /** The backsolve adjoint whose reverse solve uses the forward method and tolerances. */
    private static Sensitivity backsolve(double tol) {
        FiniteDifferenceJacobian columns = new FiniteDifferenceJacobian().columnByColumn();
        return BacksolveAdjoint.builder().optAdjointSolver(solver(tol, columns)).build();
    }

    private static OdeSolver solver(double tol, FiniteDifferenceJacobian jacobian) {
        return OdeSolver.builder()
                .optMethod(AutoSwitch.tsit5Rosenbrock23(jacobian))
                .optStepSizeController(PidController.of(tol, tol))
                .optMaxSteps(MAX_STEPS)
                .build();
    }

    /** One gradient: its values (flattened over the parameters), cost and forward statistics. */
    private record Measured(
            String method, double[] gradient, double seconds, double peakMib, long steps,
            long stiffSteps) {

        /** A method whose solve failed: no gradient, NaN costs. */
        static Measured failed(String method) {
            return new Measured(method, null, Double.NaN, Double.NaN, 0, 0);
        }
    }

    private Measured measure(KineticsSeries series, double tol, Sensitivity sensitivity) {
        Block vectorField =
                field.equals("rates")
                        ? new RoberRates(RATE_FACTORS)
                        : StiffRecipe.ROBER.field(StiffRecipe.Model.SCALED, series);
        Block model =
                TrajectoryModel.of(
                        vectorField,
                        solver(tol, new FiniteDifferenceJacobian()),
                        sensitivity,
                        TimeInput.NONE,
                        series.t0(),
                        series.times());
        try (Model holder = Model.newInstance("stiff-gradients", deviceOption.device())) {
            holder.setDataType(DataType.FLOAT64);
            holder.setBlock(model);
            NDManager manager = holder.getNDManager();
            Engine.getInstance().setRandomSeed((int) options.seed());
            model.initialize(manager, DataType.FLOAT64, new Shape(1, series.species()));
            if (parameters != null) {
                load(model, manager);
            }
            for (Pair<String, Parameter> pair : model.getParameters()) {
                pair.getValue().getArray().setRequiresGradient(true);
            }
            NormalizedMaeLoss loss =
                    new NormalizedMaeLoss("normalized_mae", StiffRecipe.ROBER.stateScale(series));
            NDArray y0 = manager.create(series.initialState(), new Shape(1, series.species()));
            NDArray labels = manager.create(series.values()).expandDims(0);
            OdeBlock ode = (OdeBlock) model.getChildren().get(0).getValue();
            long[] started = new long[1];
            long[] finished = new long[1];
            double peak =
                    PeakMemory.peakGrowthMib(
                            () -> {
                                started[0] = System.nanoTime();
                                ParameterStore store = new ParameterStore(manager, false);
                                try (GradientCollector collector =
                                        Engine.getInstance().newGradientCollector()) {
                                    NDArray prediction =
                                            model.forward(store, new NDList(y0), true)
                                                    .singletonOrThrow();
                                    NDArray value =
                                            loss.evaluate(
                                                    new NDList(labels), new NDList(prediction));
                                    OdeBackward.backward(collector, value);
                                }
                                finished[0] = System.nanoTime();
                            });
            List<Double> gradient = new ArrayList<>();
            for (Pair<String, Parameter> pair : model.getParameters()) {
                NDArray values = pair.getValue().getArray().getGradient();
                for (double g : values.toType(DataType.FLOAT64, false).toDoubleArray()) {
                    gradient.add(g);
                }
            }
            SolveStats stats = ode.getLastSolution().stats();
            return new Measured(
                    sensitivity.name(),
                    gradient.stream().mapToDouble(Double::doubleValue).toArray(),
                    (finished[0] - started[0]) / 1e9,
                    peak,
                    stats.acceptedSteps(),
                    stats.method().stiffSteps());
        }
    }

    /** The checkpoints folder of {@code --parameters}: {@code DIR/scaled/checkpoints} or DIR. */
    private Path checkpoints() {
        Path nested = parameters.resolve("scaled").resolve("checkpoints");
        return Files.isDirectory(nested) ? nested : parameters;
    }

    private void load(Block model, NDManager manager) {
        CheckpointStore store = new CheckpointStore(checkpoints());
        if (!store.holdsCheckpoints()) {
            throw new IllegalArgumentException(
                    "--parameters " + parameters + ": " + store.describeMissingCheckpoint()
                            + " (give a stiff-rober output folder)");
        }
        CheckpointStore.Kind kind =
                store.exists(CheckpointStore.Kind.BEST)
                        ? CheckpointStore.Kind.BEST
                        : CheckpointStore.Kind.LATEST;
        store.load(kind, model, null, manager);
    }

    private static double norm(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
