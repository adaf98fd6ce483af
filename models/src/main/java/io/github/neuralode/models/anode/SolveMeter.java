package io.github.neuralode.models.anode;

import ai.djl.nn.Block;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.block.SolveListener;
import io.github.neuralode.solver.OdeSolution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the function evaluations of every {@link OdeBlock} inside a model during training: per
 * training pass the forward evaluations, and the backward evaluations of adjoint sensitivities
 * (their replayed or backsolved steps). Read and reset once per epoch with {@link #drain}.
 */
public final class SolveMeter implements SolveListener {

    private final LongAdder passes = new LongAdder();
    private final LongAdder forward = new LongAdder();
    private final LongAdder backward = new LongAdder();

    private SolveMeter() {}

    /**
     * Attaches a meter to every ODE block found in a model's block tree.
     *
     * @param model the model's root block
     * @return the meter
     * @throws IllegalArgumentException if the model holds no ODE block
     */
    public static SolveMeter attach(Block model) {
        SolveMeter meter = new SolveMeter();
        List<OdeBlock> blocks = new ArrayList<>();
        collect(model, blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("the model holds no OdeBlock to meter: " + model);
        }
        blocks.forEach(block -> block.addSolveListener(meter));
        return meter;
    }

    private static void collect(Block block, List<OdeBlock> found) {
        if (block instanceof OdeBlock ode) {
            found.add(ode);
        }
        block.getChildren().values().forEach(child -> collect(child, found));
    }

    /** {@inheritDoc} */
    @Override
    public void onForward(OdeSolution solution, boolean training) {
        if (training) {
            passes.increment();
            forward.add(solution.stats().functionEvaluations());
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onBackward(OdeSolution solution) {
        backward.add(solution.stats().backwardEvaluations());
    }

    /**
     * Returns the mean evaluations per training pass since the last call, and starts counting
     * anew.
     *
     * @return {@code {forward, backward}} per pass (0 when no pass ran)
     */
    public double[] drain() {
        long count = passes.sumThenReset();
        long f = forward.sumThenReset();
        long b = backward.sumThenReset();
        return count == 0 ? new double[] {0, 0} : new double[] {(double) f / count, (double) b / count};
    }
}
