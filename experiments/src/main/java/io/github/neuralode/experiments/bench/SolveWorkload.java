package io.github.neuralode.experiments.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

/**
 * One benchmark workload of ../shared/benchmarks/REFERENCE.md: an MLP vector field with
 * Xavier-uniform weights and zero biases, a batch of initial states, a solver and output times.
 * Forward runs with recording paused (no autograd); forward+backward records and back-propagates
 * {@code mean(y^2)} over all outputs.
 */
public final class SolveWorkload implements AutoCloseable {

    private final Device device;
    private final NDManager manager;
    private final Block mlp;
    private final ParameterStore parameterStore;
    private final NDArray y0;
    private final OdeSolver solver;
    private final SaveAt saveAt;

    /**
     * Creates the workload.
     *
     * @param width the state width (2 for W1, 3 for W2)
     * @param batch the batch size
     * @param dataType float32 or float64
     * @param low lower bound of the uniform initial states
     * @param high upper bound of the uniform initial states
     * @param solver the solver
     * @param saveAt the output request
     * @param seed the seed of the weights and initial states
     * @param device the device that holds the weights and states and runs every solve
     */
    public SolveWorkload(
            int width,
            int batch,
            DataType dataType,
            float low,
            float high,
            OdeSolver solver,
            SaveAt saveAt,
            long seed,
            Device device) {
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) seed);
        this.mlp = Mlp.tanh(width, 50, 50);
        mlp.initialize(manager, dataType, new Shape(batch, width));
        this.parameterStore = new ParameterStore(manager, false);
        this.y0 = manager.randomUniform(low, high, new Shape(batch, width), dataType);
        this.solver = solver;
        this.saveAt = saveAt;
    }

    /**
     * Solves without recording and returns the solution's outputs on {@code scope}'s caller.
     *
     * @param scope the manager that owns the outputs (closed by the caller)
     * @return the solution
     */
    public OdeSolution forward(NDManager scope) {
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            NDArray start = y0.duplicate();
            start.attach(scope);
            return solver.solve(field(start), start, saveAt);
        }
    }

    /** The MLP's field for one solve from {@code start}, as an OdeBlock would prepare it. */
    private VectorField field(NDArray start) {
        return VectorFieldBlock.fieldOf(mlp, parameterStore, start, true, TimeInput.NONE);
    }

    /**
     * Solves once without recording, in a scope on the workload's device that is closed
     * afterwards.
     *
     * @return the number of function evaluations of the solve
     */
    public long forwardOnce() {
        try (NDManager scope = NDManager.newBaseManager(device)) {
            return forward(scope).stats().functionEvaluations();
        }
    }

    /**
     * Solves with recording on and back-propagates {@code mean(y^2)} over all outputs.
     *
     * @return the solution of the forward pass
     */
    public OdeSolution forwardBackward() {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray start = y0.duplicate();
            start.attach(scope);
            OdeSolution solution = solver.solve(field(start), start, saveAt);
            collector.backward(solution.outputs().square().mean());
            return solution;
        }
    }

    /**
     * Describes the workload's numbers for another implementation: the layers' weights {@code
     * (out, in)} and biases, in order, and the initial states, as nested lists of doubles.
     *
     * @return {@code {"layers": [{"weight": ..., "bias": ...}, ...], "y0": ...}}
     */
    public java.util.Map<String, Object> export() {
        java.util.Map<String, Object> description = new java.util.LinkedHashMap<>();
        description.put("layers", ArrayExport.layers(mlp));
        description.put("y0", ArrayExport.rows(y0));
        return description;
    }

    /** Frees the weights and initial states. */
    @Override
    public void close() {
        manager.close();
    }
}
