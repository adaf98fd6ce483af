package io.github.neuralode.experiments.anode;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomSampler;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.OdeOutput;
import io.github.neuralode.data.toy.LabelledPoints;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.models.anode.SolveMeter;
import io.github.neuralode.models.augment.ZeroPadding;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.tableau.Tableaus;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.ErrorLoss;
import io.github.neuralode.train.FitLoop;
import io.github.neuralode.train.FitResult;
import io.github.neuralode.train.TrainableParameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model of the {@code spheres} command: a neural ODE classifier of 2-D points, trained by
 * regression onto the labels -1/+1, then probed on a grid and along trajectories.
 *
 * <p>Model: {@code [ZeroPadding(p)], OdeBlock, Linear(-> 1)} on float32 inputs {@code (batch,
 * 2)}. The ODE runs on {@code d = 2 + p} dimensions over t in [0, 1] with an autonomous field
 * {@code Mlp.tanh(d, 32, 32)} (d -> 32 -> 32 -> d, Glorot weights), solved by Dopri5 with a PID
 * controller at rtol 1e-3, atol 1e-4 and direct autograd; the linear readout (an {@link Mlp} with
 * no hidden layer) sees the whole final state, augmented dimensions included, as in the paper.
 * With {@code p = 0} this is the plain NODE (1,221 parameters), with {@code p = 1} the ANODE
 * (1,287).
 *
 * <p>Training: plain mean squared error to the labels ({@link ErrorLoss#squared} with weight 1, not
 * its default 1/2), Adam with learning rate 1e-3, batches of 64 reshuffled every epoch. Metrics
 * per epoch ({@link FitResult} and the metrics CSV): {@code train_loss} (mean over batches, taken
 * before each step), {@code test_accuracy} (percent, {@code sign(output) == label}), {@code
 * test_mse}, {@code nfe_forward_per_batch} (the mean forward function evaluations of the epoch's
 * training passes), {@code grad_norm}, {@code seconds}.
 */
final class SpheresFit {

    /** Examples per training batch. */
    static final int BATCH = 64;
    /** Adam's learning rate. */
    static final double LEARNING_RATE = 1e-3;
    /** Dopri5's relative tolerance. */
    static final double RTOL = 1e-3;
    /** Dopri5's absolute tolerance. */
    static final double ATOL = 1e-4;
    /** The width of both hidden layers of the vector field. */
    static final int HIDDEN = 32;
    /** Points on each trajectory of {@link Outcome#flows}, t = 0, 1/40, ..., 1. */
    static final int FLOW_TIMES = 41;

    private SpheresFit() {}

    /**
     * Where the trained model is probed.
     *
     * @param grid points {@code (g, 2)} whose outputs make the decision map
     * @param flowStarts points {@code (f, 2)} whose trajectories through the ODE are traced
     */
    record Probes(float[][] grid, float[][] flowStarts) {}

    /**
     * What one trained model leaves for the report.
     *
     * @param name the model's name, {@code NODE} or {@code ANODE}
     * @param history the per-epoch metrics
     * @param parameters the trainable parameter count
     * @param gridOutputs the model's output at every grid point
     * @param flows per flow start, the whole state (augmented dimensions included) at the {@link
     *     #FLOW_TIMES} times: {@code [start][time][coordinate]}
     */
    record Outcome(
            String name,
            FitResult history,
            long parameters,
            float[] gridOutputs,
            float[][][] flows) {

        /**
         * Returns a metric's value after the last epoch.
         *
         * @param metric the metric's name
         * @return its last value
         */
        double last(String metric) {
            return history.last(metric);
        }
    }

    /**
     * Trains a model and probes it.
     *
     * @param name the model's name
     * @param extra the zero dimensions {@code p} appended to the input (0 for the plain NODE)
     * @param train the training points
     * @param test the test points, evaluated after every epoch
     * @param probes the grid and flow starts
     * @param epochs the epochs
     * @param seed the seed of initialisation and shuffling
     * @param metricsCsv the per-epoch metrics file
     * @param device the device that holds the model and data, trains and probes
     * @return the history and probes
     */
    static Outcome run(
            String name,
            int extra,
            LabelledPoints train,
            LabelledPoints test,
            Probes probes,
            int epochs,
            long seed,
            Path metricsCsv,
            Device device) {
        OdeBlock ode = odeBlock(2 + extra);
        SequentialBlock block = model(extra, ode);
        try (NDManager manager = NDManager.newBaseManager(device);
                Model model = Model.newInstance("spheres-" + name, device)) {
            model.setBlock(block);
            Engine.getInstance().setRandomSeed((int) seed);
            Adam adam = Adam.builder().optLearningRate(LEARNING_RATE).build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(ErrorLoss.squared("mse", 1))
                            .optOptimizer(adam)
                            .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 2));
                SolveMeter meter = SolveMeter.attach(block);
                FitResult history =
                        FitLoop.builder()
                                .setTrainer(trainer)
                                .setTrainingData(
                                        train.toDataset(
                                                manager,
                                                new BatchSampler(new RandomSampler(), BATCH)))
                                .optOptimizer(adam)
                                .optEpochs(epochs)
                                .optSeed(seed)
                                .optMetricsCsv(metricsCsv)
                                .optProgress(FitLoop.ProgressDisplay.NONE)
                                .addEvaluation((t, epoch) -> metrics(t, meter, manager, test))
                                .build()
                                .fit();
                float[] grid = predict(trainer, manager, probes.grid());
                float[][][] flows = flows(ode, manager, extra, probes.flowStarts());
                return new Outcome(
                        name, history, TrainableParameters.count(block), grid, flows);
            }
        }
    }

    /** The ODE block on {@code state} dimensions. */
    private static OdeBlock odeBlock(int state) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.DOPRI5)
                        .optStepSizeController(PidController.of(RTOL, ATOL))
                        .build();
        return OdeBlock.builder()
                .setVectorField(Mlp.tanh(state, HIDDEN, HIDDEN))
                .optSolver(solver)
                .optTimes(0, 1)
                .build();
    }

    /** {@code [ZeroPadding(extra)], ode, Linear(-> 1)}. */
    private static SequentialBlock model(int extra, OdeBlock ode) {
        SequentialBlock model = new SequentialBlock();
        if (extra > 0) {
            model.add(new ZeroPadding(extra));
        }
        return model.add(ode).add(Mlp.tanh(1));
    }

    private static Map<String, Double> metrics(
            Trainer trainer, SolveMeter meter, NDManager manager, LabelledPoints test) {
        double nfe = meter.drain()[0];
        float[] outputs = predict(trainer, manager, test.inputs());
        float[] labels = test.targets();
        long correct = 0;
        double squares = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((outputs[i] > 0 ? 1f : -1f) == labels[i]) {
                correct++;
            }
            squares += (outputs[i] - labels[i]) * (double) (outputs[i] - labels[i]);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("test_accuracy", 100.0 * correct / labels.length);
        values.put("test_mse", squares / labels.length);
        values.put("nfe_forward_per_batch", nfe);
        return values;
    }

    /**
     * Returns the model's outputs for points, off the tape; every array of the pass is freed.
     *
     * @param trainer the trainer of the model
     * @param manager the manager under which a scope is opened
     * @param points {@code (n, 2)}
     * @return {@code n} outputs
     */
    static float[] predict(Trainer trainer, NDManager manager, float[][] points) {
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray inputs = scope.create(points);
            return trainer.evaluate(new NDList(inputs)).singletonOrThrow().toFloatArray();
        }
    }

    /**
     * Traces points through the trained ODE: a block that shares the field but outputs the
     * trajectory at {@link #FLOW_TIMES} times.
     */
    private static float[][][] flows(
            OdeBlock ode, NDManager manager, int extra, float[][] starts) {
        double[] times = new double[FLOW_TIMES];
        for (int i = 0; i < FLOW_TIMES; i++) {
            times[i] = (double) i / (FLOW_TIMES - 1);
        }
        OdeBlock tracer = ode.toBuilder().optOutput(OdeOutput.TRAJECTORY).optTimes(times).build();
        try (NDManager scope = manager.newSubManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray y0 = scope.create(starts);
            if (extra > 0) {
                y0 = y0.concat(scope.zeros(new Shape(starts.length, extra)), 1);
            }
            NDArray path =
                    tracer.forward(new ParameterStore(scope, false), new NDList(y0), false)
                            .singletonOrThrow(); // (times, starts, 2 + extra)
            int state = 2 + extra;
            float[] values = path.toFloatArray();
            float[][][] flows = new float[starts.length][FLOW_TIMES][state];
            for (int t = 0; t < FLOW_TIMES; t++) {
                for (int s = 0; s < starts.length; s++) {
                    int at = (t * starts.length + s) * state;
                    System.arraycopy(values, at, flows[s][t], 0, state);
                }
            }
            return flows;
        }
    }
}
