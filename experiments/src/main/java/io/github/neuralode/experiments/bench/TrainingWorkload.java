package io.github.neuralode.experiments.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.SolveListener;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.solver.OdeSolution;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One training configuration of {@code bench-mnist}: a classifier trained on a {@link FixedBatch}
 * by DJL's {@link Trainer} with softmax cross-entropy and Adam (lr 1e-3), one training iteration
 * per {@link #iterate()} call. The model keeps training from call to call, as in real training.
 *
 * <p>Each iteration is split into phases, timed with {@link System#nanoTime()} at their
 * boundaries (PyTorch runs every CPU operator synchronously, so a phase's clock sees its work):
 *
 * <ul>
 *   <li><b>data</b>: the batch's input and label arrays created from Java arrays, as a data loader
 *       hands them over;
 *   <li><b>forward</b>: the recorded forward pass and the loss ({@link Iteration#solveMs()} is the
 *       ODE solves' own share, from their {@code SolveStats.wallNanos});
 *   <li><b>backward</b>: {@link OdeBackward#backward} (autograd, and for adjoint sensitivities the
 *       adjoint solves), until the gradient collector is closed;
 *   <li><b>optimizer</b>: {@code trainer.step()}, the Adam update of every parameter (gradients
 *       are zeroed there);
 *   <li><b>other</b>: the rest, reading the loss and closing the iteration's arrays.
 * </ul>
 *
 * <p>Function evaluations per iteration are summed over the model's {@link OdeBlock}s through a
 * {@link SolveListener}: forward ones per solve, backward ones per adjoint backward pass (0 for
 * {@code DIRECT}, whose backward pass is autograd through the recorded solve).
 */
final class TrainingWorkload implements AutoCloseable {

    /**
     * The measurements of one training iteration.
     *
     * @param dataMs creating the batch's arrays
     * @param forwardMs the forward pass and the loss
     * @param solveMs the ODE solves within the forward pass
     * @param backwardMs the backward pass
     * @param optimizerMs the optimizer step
     * @param totalMs the whole iteration
     * @param forwardNfe forward function evaluations
     * @param backwardNfe backward function evaluations of adjoint solves
     * @param loss the loss of this iteration's forward pass (before its update)
     */
    record Iteration(
            double dataMs,
            double forwardMs,
            double solveMs,
            double backwardMs,
            double optimizerMs,
            double totalMs,
            long forwardNfe,
            long backwardNfe,
            double loss) {

        /**
         * Returns the time outside the four phases.
         *
         * @return reading the loss and closing the iteration's arrays, in ms
         */
        double otherMs() {
            return totalMs - dataMs - forwardMs - backwardMs - optimizerMs;
        }
    }

    private final Model model;
    private final Trainer trainer;
    private final FixedBatch batch;
    private final List<Iteration> iterations = new ArrayList<>();
    private long forwardNfe;
    private long backwardNfe;
    private long solveNanos;

    /**
     * Creates the model and its trainer and initialises the parameters.
     *
     * @param name the model's name
     * @param block the classifier, mapping the batch's inputs to {@code (batch, classes)} logits
     * @param batch the training batch
     * @param optimizer the optimizer
     * @param initial the initial value of every parameter in {@code block.getParameters()}
     *     order, or {@code null} to keep the block's own initialisation
     * @param device the device that trains (model, batch and solves)
     */
    TrainingWorkload(
            String name,
            Block block,
            FixedBatch batch,
            Optimizer optimizer,
            List<float[]> initial,
            Device device) {
        this.batch = batch;
        this.model = Model.newInstance(name, device);
        model.setBlock(block);
        this.trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                .optOptimizer(optimizer)
                                .optDevices(new Device[] {device}));
        trainer.initialize(batch.shape());
        if (initial != null) {
            load(block, initial);
        }
        SolveListener counter = new SolveListener() {
            @Override
            public void onForward(OdeSolution solution, boolean training) {
                forwardNfe += solution.stats().functionEvaluations();
                solveNanos += solution.stats().wallNanos();
            }

            @Override
            public void onBackward(OdeSolution solution) {
                backwardNfe += solution.stats().backwardEvaluations();
            }
        };
        odeBlocks(block).forEach(ode -> ode.addSolveListener(counter));
    }

    /**
     * Runs one training iteration: forward, loss, backward, optimizer step.
     *
     * @return its measurements (also kept, see {@link #iterations()})
     */
    Iteration iterate() {
        forwardNfe = 0;
        backwardNfe = 0;
        solveNanos = 0;
        long start = System.nanoTime();
        long data;
        long forward;
        long backward;
        long step;
        double lossValue;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray x = scope.create(batch.inputs(), batch.shape());
            NDArray labels = scope.create(batch.labels());
            data = System.nanoTime();
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList logits = trainer.forward(new NDList(x));
                loss = trainer.getLoss().evaluate(new NDList(labels), logits);
                forward = System.nanoTime();
                OdeBackward.backward(collector, loss);
            } finally {
                OdeBackward.discardPending();
            }
            backward = System.nanoTime();
            trainer.step();
            step = System.nanoTime();
            lossValue = loss.getFloat();
        }
        long end = System.nanoTime();
        Iteration iteration =
                new Iteration(
                        millis(start, data),
                        millis(data, forward),
                        solveNanos / 1e6,
                        millis(forward, backward),
                        millis(backward, step),
                        millis(start, end),
                        forwardNfe,
                        backwardNfe,
                        lossValue);
        iterations.add(iteration);
        return iteration;
    }

    /**
     * Returns every iteration run so far, oldest first.
     *
     * @return the measurements
     */
    List<Iteration> iterations() {
        return List.copyOf(iterations);
    }

    /**
     * Returns the classifier.
     *
     * @return the block being trained
     */
    Block block() {
        return model.getBlock();
    }

    /**
     * Copies the current value of every parameter of a block, in {@code getParameters()} order.
     *
     * @param block an initialised block
     * @return one float32 array per parameter
     */
    static List<float[]> snapshot(Block block) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            values.add(pair.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** Overwrites every parameter with a snapshot, off the tape. */
    private static void load(Block block, List<float[]> values) {
        List<Parameter> parameters = block.getParameters().values();
        if (parameters.size() != values.size()) {
            throw new IllegalArgumentException(
                    "the snapshot holds " + values.size() + " arrays for " + parameters.size()
                            + " parameters");
        }
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            for (int i = 0; i < values.size(); i++) {
                NDArray array = parameters.get(i).getArray();
                if (array.getShape().size() != values.get(i).length) {
                    throw new IllegalArgumentException(
                            "parameter " + i + " has shape " + array.getShape() + ", the snapshot "
                                    + values.get(i).length + " values");
                }
                array.set(FloatBuffer.wrap(values.get(i)));
            }
        }
    }

    /**
     * Finds the ODE blocks of a model, depth first.
     *
     * @param block the model
     * @return its {@link OdeBlock}s (the block itself if it is one)
     */
    static List<OdeBlock> odeBlocks(Block block) {
        List<OdeBlock> found = new ArrayList<>();
        if (block instanceof OdeBlock ode) {
            found.add(ode);
        }
        for (Block child : block.getChildren().values()) {
            found.addAll(odeBlocks(child));
        }
        return found;
    }

    private static double millis(long from, long to) {
        return (to - from) / 1e6;
    }

    /** Closes the trainer and frees the model's arrays. */
    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
