package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import java.util.function.LongConsumer;

/**
 * Autograd through every solver operation (discretise-then-optimise), {@link Sensitivity#DIRECT}:
 * the solve is recorded on the tape whenever the caller records, and the ordinary autograd
 * backward computes every gradient. Works with every method, controller and step mode; step-size
 * decisions are made off the tape, so the gradient is that of the discrete solution for the
 * accepted step sizes. Memory grows with the number of steps (the graph of every stage).
 *
 * <p>Asks a block for its fastest field ({@link VectorFieldBlock#fieldOf}: prepared once per
 * solve where the block can). It has no settings: use {@link Sensitivity#DIRECT}.
 */
public final class Direct implements Sensitivity {

    /** Creates the strategy; {@link Sensitivity#DIRECT} is the instance to use. */
    Direct() {}

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "direct";
    }

    /**
     * {@inheritDoc}
     *
     * <p>The field the block prepares for one solve, or one that calls it per evaluation.
     */
    @Override
    public VectorField fieldOf(
            Block block,
            ParameterStore parameterStore,
            NDArray y0,
            boolean training,
            TimeInput timeInput) {
        return VectorFieldBlock.fieldOf(block, parameterStore, y0, training, timeInput);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A plain solve; its outputs are connected as they are.
     */
    @Override
    public SensitivitySolve solve(OdeSolver solver, VectorField field, NDArray y0, SaveAt saveAt) {
        return new Recorded(solver.solve(field, y0, saveAt));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return name();
    }

    /** A solve whose outputs are on the tape already (when the caller records). */
    private record Recorded(OdeSolution solution) implements SensitivitySolve {

        @Override
        public NDArray connect(NDArray outputs, LongConsumer onBackward) {
            return outputs;
        }
    }
}
