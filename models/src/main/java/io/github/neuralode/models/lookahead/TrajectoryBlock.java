package io.github.neuralode.models.lookahead;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

/**
 * A minimal neural ODE block for the Lookahead(Adam) fit: {@code dz/dt = net(z)} solved from the
 * input state at the given output times, with gradients by autograd through the solver
 * ({@code DIRECT}).
 *
 * <p>Shapes: input {@code (batch, n)}; output {@code (batch, times, n)} (the first time is the
 * input state). The child block {@code net} maps {@code (batch, n)} to {@code (batch, n)}.
 */
final class TrajectoryBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block net;
    private final OdeSolver solver;
    private final SaveAt saveAt;

    TrajectoryBlock(Block net, OdeSolver solver, SaveAt saveAt) {
        super(VERSION);
        this.net = addChildBlock("net", net);
        this.solver = solver;
        this.saveAt = saveAt;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        BlockVectorField field =
                new BlockVectorField(net, parameterStore, training, TimeInput.NONE);
        NDArray outputs = solver.solve(field, inputs.singletonOrThrow(), saveAt).outputs();
        return new NDList(outputs.transpose(1, 0, 2));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        net.initialize(manager, dataType, inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), saveAt.outputCount(), in.get(1))};
    }
}
