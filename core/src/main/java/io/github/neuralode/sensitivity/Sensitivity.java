package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How gradients of an ODE solution reach the initial state and the vector field's parameters: a
 * strategy with one {@link #solve} contract. An {@code OdeBlock} (or any caller) receives one,
 * asks it for the vector field it needs ({@link #fieldOf}), solves through it and hands the
 * outputs on with {@link SensitivitySolve#connect}, without ever asking which strategy it has.
 *
 * <table>
 *   <caption>Sensitivities (S accepted steps, B batch, n state size, P parameters)</caption>
 *   <tr><th>strategy</th><th>gradient</th><th>memory</th><th>backward cost</th></tr>
 *   <tr><td>{@link #DIRECT} ({@link Direct})</td><td>exact gradient of the discrete solve
 *       (autograd through every operation)</td><td>grows with S: the whole graph of every stage
 *       is kept</td><td>one autograd backward through the recorded solve</td></tr>
 *   <tr><td>{@link #CHECKPOINT_ADJOINT} ({@link CheckpointAdjoint})</td><td>equal to DIRECT up to
 *       round-off</td><td>S x B x n values (one state per step) plus the graph of one step</td>
 *       <td>every step re-run once (all its stages) plus one backward per step</td></tr>
 *   <tr><td>{@link #BACKSOLVE_ADJOINT} ({@link BacksolveAdjoint})</td><td>approximate
 *       (continuous adjoint, error set by the backward tolerances); unstable on stiff or chaotic
 *       problems</td><td>constant in S: 2 B n + P values plus one evaluation's graph</td><td>an
 *       adaptive solve of the augmented system, often several times the forward's
 *       evaluations</td></tr>
 * </table>
 *
 * <p>Both adjoints solve the forward pass with recording paused and connect their outputs as
 * fresh leaves with a pending backward pass; inside a DJL model an {@code OdeBlock} with an
 * adjoint sensitivity therefore needs {@code OdeBackward.backward(collector, loss)} in place of
 * {@code collector.backward(loss)} (or {@code AdjointTrain} in place of {@code EasyTrain}).
 *
 * <p>Strategies are immutable and may be shared by any number of blocks and threads.
 */
public interface Sensitivity {

    /** Autograd through every solver operation ({@link Direct}); {@code OdeBlock}'s default. */
    Sensitivity DIRECT = new Direct();

    /** The exact checkpointed adjoint ({@link CheckpointAdjoint}). */
    Sensitivity CHECKPOINT_ADJOINT = new CheckpointAdjoint();

    /**
     * The continuous backsolve adjoint with its defaults: the forward solver's settings, {@link
     * AdjointNorm#FULL} ({@link BacksolveAdjoint#builder()} configures others).
     */
    Sensitivity BACKSOLVE_ADJOINT = BacksolveAdjoint.builder().build();

    /**
     * Returns the three standard strategies, {@link #DIRECT}, {@link #CHECKPOINT_ADJOINT} and
     * {@link #BACKSOLVE_ADJOINT}, in that order (for comparing them, or parsing their names).
     *
     * @return an immutable list
     */
    static List<Sensitivity> standard() {
        return List.of(DIRECT, CHECKPOINT_ADJOINT, BACKSOLVE_ADJOINT);
    }

    /**
     * Returns the standard strategy with the given {@link #name()}.
     *
     * @param name {@code "direct"}, {@code "checkpoint"} or {@code "backsolve"}
     * @return the strategy, with its default settings
     * @throws IllegalArgumentException naming the known names if none matches
     */
    static Sensitivity named(String name) {
        for (Sensitivity sensitivity : standard()) {
            if (sensitivity.name().equals(name)) {
                return sensitivity;
            }
        }
        throw new IllegalArgumentException(
                "unknown sensitivity '"
                        + name
                        + "': use one of "
                        + standard().stream()
                                .map(Sensitivity::name)
                                .collect(Collectors.joining(", ")));
    }

    /**
     * Returns the short name of the strategy, the same for every configuration of it: used in
     * result keys and command-line options.
     *
     * @return {@code "direct"}, {@code "checkpoint"} or {@code "backsolve"} for the standard ones
     */
    String name();

    /**
     * Returns the vector field of a block for one solve from {@code y0}, of the kind this strategy
     * needs. By default a {@link BlockVectorField}, which calls the block and reads its parameters
     * at every evaluation, as a backward pass that re-evaluates the field under its own recording
     * needs.
     *
     * @param block the network computing {@code dy/dt}; must be initialized
     * @param parameterStore the store through which the parameters are read
     * @param y0 the initial state of the solve {@code (batch, state...)}
     * @param training whether the block runs in training mode
     * @param timeInput whether {@code t} is appended to the network input
     * @return the vector field, valid while {@code y0}'s manager is open
     */
    default VectorField fieldOf(
            Block block,
            ParameterStore parameterStore,
            NDArray y0,
            boolean training,
            TimeInput timeInput) {
        return new BlockVectorField(block, parameterStore, training, timeInput);
    }

    /**
     * Solves {@code dy/dt = field(t, y)} from {@code y0} and prepares the way its gradient is
     * computed; the caller continues with {@link SensitivitySolve#connect} on the outputs it uses.
     *
     * @param solver the solver (its method, controller, step mode and failure policy)
     * @param field the vector field; its {@link VectorField#parameters} receive gradients where the
     *     strategy computes them itself
     * @param y0 the initial state {@code (batch, state...)}; the loss's gradient with respect to it
     *     reaches the graph that produced it
     * @param saveAt the output request
     * @return the solve: its solution, and the connection of its outputs to the caller's graph
     */
    SensitivitySolve solve(OdeSolver solver, VectorField field, NDArray y0, SaveAt saveAt);
}
