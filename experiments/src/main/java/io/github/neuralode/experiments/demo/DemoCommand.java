package io.github.neuralode.experiments.demo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.OptionChecks;
import io.github.neuralode.experiments.Panels;
import io.github.neuralode.experiments.Results;
import io.github.neuralode.experiments.engine.DeviceOption;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.train.ErrorLoss;

import org.knowm.xchart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code demo}: learns the cubic spiral {@code y' = y^3 A}, {@code A = [[-0.1, 2], [-2, -0.1]]},
 * from one trajectory of 1,000 points on [0, 25] (the classic neural-ODE demonstration). The model
 * is an {@link OdeBlock} whose vector field is {@code Linear(50) -> tanh -> Linear(2)} applied to
 * {@code y^3}; it trains on random 10-point windows with Adam and is then integrated over the whole
 * time span from {@code y(0)}.
 *
 * <p>Writes {@code results.json} ({@code final_window_loss}, {@code trajectory_mse}, {@code
 * iterations}, {@code forward_nfe}), {@code trajectory.csv} and {@code spiral.png}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Learn a 2-D cubic spiral with an OdeBlock (the classic neural ODE demo).")
public final class DemoCommand implements Callable<Integer> {

    private static final Logger logger = LoggerFactory.getLogger(DemoCommand.class);
    private static final int POINTS = 1000;
    private static final double T_END = 25.0;
    private static final int WINDOW = 10;
    private static final int BATCH = 20;
    private static final int MAX_ITERATIONS = 1_000_000;

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    @Spec CommandSpec spec;

    private Integer iterations;

    /** Sets {@code --iterations} after checking its range. */
    @Option(
            names = "--iterations",
            paramLabel = "N",
            description =
                    "Training iterations, 1.." + MAX_ITERATIONS + " (default: 1000, quick: 150).")
    void setIterations(int value) {
        iterations = OptionChecks.requireInRange(spec, "--iterations", value, 1, MAX_ITERATIONS);
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        EngineThreads.set(1);
        Engine.getInstance().setRandomSeed((int) options.seed());
        int steps = iterations != null ? iterations : options.quick() ? 150 : 1000;
        Device device = deviceOption.device();
        try (NDManager manager = NDManager.newBaseManager(device);
                Model model = Model.newInstance("spiral", device)) {
            NDArray truth = trueTrajectory(manager); // (POINTS, 1, 2)
            Random random = new Random(options.seed());
            double windowLoss = Double.NaN;
            try (Trainer trainer = newTrainer(model, device)) {
                for (int it = 1; it <= steps; it++) {
                    windowLoss = trainStep(trainer, truth, random);
                    if (it % 50 == 0 || it == steps) {
                        logger.info("iteration {}/{}: window L1 loss {}", it, steps, String.format("%.5f", windowLoss));
                    }
                }
            }
            return report(model, truth, windowLoss, steps);
        }
    }

    /**
     * Gives the model the spiral network and returns its initialized Adam trainer (learning rate
     * 0.01, L1 loss, batches of BATCH states) on one device.
     */
    static Trainer newTrainer(Model model, Device device) {
        model.setBlock(spiralModel(T_END / (POINTS - 1)));
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(ErrorLoss.absolute("L1Loss", 1))
                        .optOptimizer(
                                Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                        .optDevices(new Device[] {device});
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(BATCH, 2));
        return trainer;
    }

    private static SequentialBlock spiralModel(double dt) {
        SequentialBlock field =
                new SequentialBlock()
                        .add(list -> new NDList(cube(list.singletonOrThrow())))
                        .add(Linear.builder().setUnits(50).build())
                        .add(Activation::tanh)
                        .add(Linear.builder().setUnits(2).build());
        double[] windowTimes = new double[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            windowTimes[i] = i * dt;
        }
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(field)
                        .optSolver(OdeSolver.builder().optStepSizeController(PidController.of(1e-5, 1e-7)).build())
                        .optTimes(windowTimes)
                        .optOutput(OdeOutput.TRAJECTORY)
                        .build();
        return new SequentialBlock().add(ode);
    }

    /**
     * {@code y^3} without a Java-number argument: {@code y.pow(3)} would record a scalar that
     * wraps a temporary Java buffer, which the garbage collector may free before backward
     * (DESIGN.md, "DJL facts").
     */
    private static NDArray cube(NDArray y) {
        return y.mul(y).mul(y);
    }

    /** Solves the true dynamics at tight tolerance: {@code (POINTS, 1, 2)}. */
    static NDArray trueTrajectory(NDManager manager) {
        NDArray a = manager.create(new double[][] {{-0.1, 2.0}, {-2.0, -0.1}}).toType(DataType.FLOAT32, false);
        VectorField field = VectorField.autonomous(y -> cube(y).matMul(a));
        double[] times = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            times[i] = i * T_END / (POINTS - 1);
        }
        NDArray y0 = manager.create(new float[][] {{2f, 0f}});
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            OdeSolver solver = OdeSolver.builder().optStepSizeController(PidController.of(1e-7, 1e-9)).build();
            return solver.solve(field, y0, SaveAt.times(times)).outputs();
        }
    }

    /**
     * One Adam step on BATCH random windows of WINDOW points; returns the window L1 loss. Every
     * slice of an array belongs to that array's manager, so the trajectory is attached to the
     * step's scope while it is sliced: its slices, the batch and the step's graph are freed with
     * the scope, and the trajectory returns to its own manager.
     *
     * @param trainer the trainer of {@link #newTrainer}
     * @param truth the true trajectory {@code (POINTS, 1, 2)}
     * @param random picks the windows
     * @return the mean absolute error over the windows before the step
     */
    static double trainStep(Trainer trainer, NDArray truth, Random random) {
        try (NDManager scope = truth.getManager().newSubManager()) {
            truth.tempAttach(scope);
            NDList starts = new NDList();
            NDList windows = new NDList();
            for (int b = 0; b < BATCH; b++) {
                int start = random.nextInt(POINTS - WINDOW);
                starts.add(truth.get(start).get(0));
                windows.add(truth.get(start + ":" + (start + WINDOW) + ", 0, :"));
            }
            NDArray y0 = ai.djl.ndarray.NDArrays.stack(starts, 0);
            NDArray labels = ai.djl.ndarray.NDArrays.stack(windows, 1);
            double loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray prediction = trainer.forward(new NDList(y0)).singletonOrThrow();
                NDArray value = prediction.sub(labels).abs().mean();
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    private Integer report(Model model, NDArray truth, double windowLoss, int steps) throws Exception {
        SequentialBlock network = (SequentialBlock) model.getBlock();
        OdeBlock window = (OdeBlock) network.getChildren().get(0).getValue();
        double[] times = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            times[i] = i * T_END / (POINTS - 1);
        }
        NDManager manager = truth.getManager();
        NDArray learned;
        long nfe;
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray timeArray = manager.create(times).toType(DataType.FLOAT32, false);
            learned = window.forward(new ai.djl.training.ParameterStore(manager, false), new NDList(truth.get(0), timeArray), false).singletonOrThrow();
            nfe = window.getLastSolution().stats().functionEvaluations();
        }
        double mse = learned.sub(truth).square().mean().getFloat();
        Results results = new Results()
                .put("iterations", steps)
                .put("final_window_loss", windowLoss)
                .put("trajectory_mse", mse)
                .put("forward_nfe", nfe);
        Path out = options.out();
        writeTrajectory(out.resolve("trajectory.csv"), times, truth, learned);
        XYChart chart =
                Panels.panel("Cubic spiral: truth vs learned neural ODE", "y1", "y2", 800, 600);
        Panels.line(chart, "truth", column(truth, 0), column(truth, 1));
        Panels.line(chart, "neural ODE", column(learned, 0), column(learned, 1));
        Panels.save(List.of(chart), out.resolve("spiral.png"));
        results.write(out);
        logger.info("trajectory MSE {} over [0, 25]; wrote {}", String.format("%.5f", mse), out.resolve("results.json"));
        return 0;
    }

    private static double[] column(NDArray trajectory, int component) {
        float[] values = trajectory.get(":, 0, " + component).toFloatArray();
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private static void writeTrajectory(Path file, double[] times, NDArray truth, NDArray learned)
            throws java.io.IOException {
        double[] t1 = column(truth, 0);
        double[] t2 = column(truth, 1);
        double[] l1 = column(learned, 0);
        double[] l2 = column(learned, 1);
        StringBuilder csv = new StringBuilder("t,true_y1,true_y2,learned_y1,learned_y2\n");
        for (int i = 0; i < times.length; i++) {
            csv.append(String.format("%.6f,%.6f,%.6f,%.6f,%.6f%n", times[i], t1[i], t2[i], l1[i], l2[i]));
        }
        Results.writeAtomically(file, csv.toString());
    }
}
