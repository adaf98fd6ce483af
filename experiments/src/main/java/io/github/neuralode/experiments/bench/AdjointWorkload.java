package io.github.neuralode.experiments.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.sensitivity.SensitivitySolve;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A forward+backward workload for comparing sensitivities: the 2-50-50-2 tanh MLP (Glorot
 * weights, zero biases), a batch of initial states uniform in [0.5, 2], float64, and the loss
 * {@code mean(y^2)} over all outputs.
 */
final class AdjointWorkload implements AutoCloseable {

    private final NDManager manager;
    private final Block mlp;
    private final VectorField field;
    private final NDArray y0;
    private final OdeSolver solver;
    private final SaveAt saveAt;

    /**
     * Creates the workload.
     *
     * @param batch the batch size
     * @param solver the solver
     * @param saveAt the output request
     * @param seed the seed of the weights and initial states
     * @param device the device that holds the weights and states and runs every pass
     */
    AdjointWorkload(int batch, OdeSolver solver, SaveAt saveAt, long seed, Device device) {
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) seed);
        this.mlp = Mlp.tanh(2, 50, 50);
        mlp.initialize(manager, DataType.FLOAT64, new Shape(batch, 2));
        this.field = new BlockVectorField(mlp, new ParameterStore(manager, false), true, TimeInput.NONE);
        this.y0 = manager.randomUniform(0.5f, 2f, new Shape(batch, 2), DataType.FLOAT64);
        this.solver = solver;
        this.saveAt = saveAt;
    }

    /**
     * One forward+backward pass through {@link OdeBackward}, the same calls for every sensitivity;
     * the gradients are left in the parameters and returned.
     *
     * @return gradients per parameter name and {@code "y0"}, and {@code "backward_nfe"}
     */
    Map<String, double[]> forwardBackward(Sensitivity sensitivity) {
        zeroGradients();
        Map<String, double[]> gradients = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = y0.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            double[] nfe = {0};
            SensitivitySolve solve = sensitivity.solve(solver, field, x, saveAt);
            NDArray outputs = solve.connect(solve.solution().outputs(), count -> nfe[0] = count);
            OdeBackward.backward(collector, outputs.square().mean());
            gradients.put("y0", x.getGradient().toDoubleArray());
            gradients.put("backward_nfe", nfe);
        }
        for (Pair<String, Parameter> pair : mlp.getParameters()) {
            try (NDArray gradient = pair.getValue().getArray().getGradient()) {
                gradients.put(pair.getKey(), gradient.toDoubleArray());
            }
        }
        return gradients;
    }

    private void zeroGradients() {
        for (Pair<String, Parameter> pair : mlp.getParameters()) {
            Autograd.zeroGradient(pair.getValue().getArray());
        }
    }

    /** Largest relative error {@code |g - ref| / |ref|} over the gradient tensors. */
    static double maxRelativeError(Map<String, double[]> actual, Map<String, double[]> reference) {
        double worst = 0;
        for (Map.Entry<String, double[]> entry : reference.entrySet()) {
            if (entry.getKey().equals("backward_nfe")) {
                continue;
            }
            worst =
                    Math.max(
                            worst, GradientCheck.relativeError(actual.get(entry.getKey()), entry.getValue()));
        }
        return worst;
    }

    /** Frees the weights and initial states. */
    @Override
    public void close() {
        manager.close();
    }
}
