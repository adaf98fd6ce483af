package io.github.neuralode.block;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.engine.HostReads;
import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.sensitivity.SensitivitySolve;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A continuous-depth layer: {@code y(t1) = y0 + integral of net(y) dt}, where {@code net} is any
 * DJL {@link Block} (the vector field), solved by an {@link OdeSolver} in the forward pass.
 *
 * <p>Shapes: input {@code NDList(y0)} with {@code y0} of shape {@code (batch, state...)}, and
 * optionally a second array of output times {@code (times)} that overrides the configured ones
 * for that call. Output: {@code NDList(y(t_last))} shaped like {@code y0} for {@link
 * OdeOutput#FINAL_STATE}, or {@code NDList(trajectory)} of shape {@code (times, batch, state...)}
 * for {@link OdeOutput#TRAJECTORY}. The vector field maps {@code (batch, n)} to {@code (batch, n)}
 * (with {@link TimeInput#APPEND} it receives {@code (batch, n + 1)}).
 *
 * <pre>{@code
 * Block field = new SequentialBlock()
 *         .add(Linear.builder().setUnits(50).build()).add(Activation::tanh)
 *         .add(Linear.builder().setUnits(2).build());
 * OdeBlock ode = OdeBlock.builder()
 *         .setVectorField(field)
 *         .optSolver(OdeSolver.builder().optStepSizeController(PidController.of(1e-5, 1e-7)).build())
 *         .optTimes(0, 1)
 *         .build();
 * }</pre>
 *
 * <p>The vector field is a child block: its parameters are initialised, trained and saved through
 * DJL's {@code Model} like any other. Gradients flow through the {@link Sensitivity} strategy of
 * {@link Builder#optSensitivity} ({@link Sensitivity#DIRECT} autograd by default): every forward
 * pass asks it for the field it needs ({@link Sensitivity#fieldOf}: DIRECT takes the field a
 * {@link io.github.neuralode.ode.VectorFieldBlock} such as {@link Mlp} prepares once per pass, the
 * adjoints call the block per evaluation), solves through it and returns what {@link
 * SensitivitySolve#connect} makes of the outputs; the block never asks which strategy it has. With
 * an adjoint ({@link Sensitivity#CHECKPOINT_ADJOINT}, {@link Sensitivity#BACKSOLVE_ADJOINT} or a
 * configured {@link io.github.neuralode.sensitivity.BacksolveAdjoint}) a recorded forward pass
 * solves off the tape and returns a fresh leaf array; the gradient then needs {@link
 * OdeBackward#backward} in place of {@code collector.backward(loss)} (or {@code AdjointTrain} in
 * place of {@code EasyTrain}), which gives upstream and downstream layers the gradients they would
 * get under DIRECT. A forward pass that does not record solves as DIRECT does, whatever the
 * strategy. {@link #getLastSolution()} reports the backward pass's evaluations once it has run.
 */
public class OdeBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block vectorField;
    private final OdeSolver solver;
    private final double[] times;
    private final OdeOutput output;
    private final TimeInput timeInput;
    private final Sensitivity sensitivity;
    private final List<SolveListener> listeners = new CopyOnWriteArrayList<>();
    private volatile OdeSolution lastSolution;

    /**
     * Creates the block from a builder.
     *
     * @param builder the configuration
     */
    protected OdeBlock(Builder builder) {
        super(VERSION);
        this.vectorField = addChildBlock("vectorField", builder.vectorField);
        this.solver = builder.solver;
        this.times = builder.times.clone();
        this.output = builder.output;
        this.timeInput = builder.timeInput;
        this.sensitivity = builder.sensitivity;
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        OdeBackward.requireNoBypassedBackward();
        NDArray y0 = inputs.get(0);
        double[] span = inputs.size() > 1 ? timesOf(inputs.get(1)) : times;
        SaveAt saveAt =
                output == OdeOutput.FINAL_STATE
                        ? SaveAt.finalState(span[0], span[span.length - 1])
                        : SaveAt.times(span);
        // Off the tape no gradient is asked for: every strategy's forward pass is DIRECT's solve.
        Sensitivity active = Autograd.isRecording() ? sensitivity : Sensitivity.DIRECT;
        VectorField field = active.fieldOf(vectorField, parameterStore, y0, training, timeInput);
        SensitivitySolve solve = active.solve(solver, field, y0, saveAt);
        OdeSolution solution = solve.solution();
        publish(solution, training);
        NDArray outputs = select(solution);
        return new NDList(solve.connect(outputs, count -> publishBackward(solution, count)));
    }

    private NDArray select(OdeSolution solution) {
        return output == OdeOutput.FINAL_STATE ? solution.finalState() : solution.outputs();
    }

    private void publish(OdeSolution solution, boolean training) {
        lastSolution = solution;
        listeners.forEach(listener -> listener.onForward(solution, training));
    }

    /** Reports the evaluations of a strategy's own backward pass of {@code solution}. */
    private void publishBackward(OdeSolution solution, long evaluations) {
        OdeSolution withBackward = solution.withBackwardEvaluations(evaluations);
        if (lastSolution == solution) {
            lastSolution = withBackward;
        }
        listeners.forEach(listener -> listener.onBackward(withBackward));
    }

    /**
     * Adds a listener that receives the solution of every forward pass (and, for adjoint
     * sensitivities, of every backward pass): statistics per call, on the thread of the call.
     *
     * @param listener the listener
     * @return this block
     */
    public OdeBlock addSolveListener(SolveListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        return this;
    }

    /**
     * Removes a listener added with {@link #addSolveListener}.
     *
     * @param listener the listener
     * @return {@code true} if it was registered
     */
    public boolean removeSolveListener(SolveListener listener) {
        return listeners.remove(listener);
    }

    private static double[] timesOf(NDArray array) {
        if (array.getShape().dimension() != 1) {
            throw new IllegalArgumentException(
                    "the second input of an OdeBlock must be a 1-D array of output times, got shape "
                            + array.getShape());
        }
        return HostReads.doubles(array);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        vectorField.initialize(
                manager, dataType, BlockVectorField.networkInputShape(inputShapes[0], timeInput));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape state = inputShapes[0];
        if (output == OdeOutput.FINAL_STATE) {
            return new Shape[] {state};
        }
        long count = inputShapes.length > 1 ? inputShapes[1].get(0) : times.length;
        return new Shape[] {new Shape(count).addAll(state)};
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "Unsupported OdeBlock encoding version " + loadVersion + " (expected " + VERSION + ")");
        }
        readInputShapes(is);
    }

    /**
     * Returns the solution of the most recent forward pass on any thread, training or evaluation
     * (statistics, per-sample status): an evaluation pass replaces the statistics of the training
     * pass before it. For statistics per call use {@link #addSolveListener}.
     *
     * @return the last solution, or {@code null} before the first forward pass
     */
    public OdeSolution getLastSolution() {
        return lastSolution;
    }

    /**
     * Returns the configured times: the first is the time of the input state, the last the end
     * of the integration (a second input array overrides them per call).
     *
     * @return a copy of the times
     */
    public double[] getTimes() {
        return times.clone();
    }

    /**
     * Returns the solver.
     *
     * @return the solver
     */
    public OdeSolver getSolver() {
        return solver;
    }

    /**
     * Returns the vector-field block.
     *
     * @return the child block computing {@code dy/dt}
     */
    public Block getVectorField() {
        return vectorField;
    }

    /**
     * Returns the sensitivity used for gradients.
     *
     * @return the sensitivity
     */
    public Sensitivity getSensitivity() {
        return sensitivity;
    }

    /**
     * Returns a builder with this block's settings and the same vector-field block (so a block
     * built from it shares the parameters), for example to compare sensitivities.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder()
                .setVectorField(vectorField)
                .optSolver(solver)
                .optTimes(times)
                .optOutput(output)
                .optTimeInput(timeInput)
                .optSensitivity(sensitivity);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "OdeBlock(" + solver.stepper().shortName() + ", t=" + Arrays.toString(times) + ")";
    }

    /** Configures an {@link OdeBlock} in DJL's builder style. */
    public static class Builder {

        private Block vectorField;
        private OdeSolver solver = OdeSolver.builder().build();
        private double[] times = {0.0, 1.0};
        private OdeOutput output = OdeOutput.FINAL_STATE;
        private TimeInput timeInput = TimeInput.NONE;
        private Sensitivity sensitivity = Sensitivity.DIRECT;

        /** Creates a builder with the defaults. */
        protected Builder() {}

        /**
         * Sets the network computing {@code dy/dt} (required).
         *
         * @param vectorField a block mapping {@code (batch, n)} to {@code (batch, n)}
         * @return this builder
         */
        public Builder setVectorField(Block vectorField) {
            this.vectorField = vectorField;
            return this;
        }

        /**
         * Sets the solver (default: Dopri5, rtol 1e-3, atol 1e-6, SHARED steps).
         *
         * @param solver the solver
         * @return this builder
         */
        public Builder optSolver(OdeSolver solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets the times (default {@code 0, 1}): the first is the time of the input state.
         *
         * @param times at least two strictly monotone times
         * @return this builder
         */
        public Builder optTimes(double... times) {
            this.times = times.clone();
            return this;
        }

        /**
         * Sets what the block returns (default {@link OdeOutput#FINAL_STATE}).
         *
         * @param output final state or trajectory
         * @return this builder
         */
        public Builder optOutput(OdeOutput output) {
            this.output = output;
            return this;
        }

        /**
         * Sets whether the network sees time as an input (default {@link TimeInput#NONE}).
         *
         * @param timeInput the time input mode
         * @return this builder
         */
        public Builder optTimeInput(TimeInput timeInput) {
            this.timeInput = timeInput;
            return this;
        }

        /**
         * Sets how gradients are computed (default {@link Sensitivity#DIRECT}): one of the
         * constants of {@link Sensitivity} or a configured strategy such as {@code
         * BacksolveAdjoint.builder().optNorm(AdjointNorm.SEMINORM).build()}.
         *
         * @param sensitivity the sensitivity strategy
         * @return this builder
         */
        public Builder optSensitivity(Sensitivity sensitivity) {
            this.sensitivity = sensitivity;
            return this;
        }

        /**
         * Validates and builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming a missing or invalid setting
         */
        public OdeBlock build() {
            if (vectorField == null) {
                throw new IllegalArgumentException(
                        "setVectorField(...) is required: give the block that computes dy/dt");
            }
            if (solver == null || output == null || timeInput == null || sensitivity == null) {
                throw new IllegalArgumentException(
                        "solver, output, time input and sensitivity must not be null");
            }
            SaveAt.times(times);
            return new OdeBlock(this);
        }
    }
}
