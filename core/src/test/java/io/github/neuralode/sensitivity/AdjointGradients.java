package io.github.neuralode.sensitivity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

import io.github.neuralode.GradientChecks;
import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Gradients of {@code loss(outputs)} of an MLP vector field with respect to its parameters and
 * {@code y0}, computed by one sensitivity, for comparing sensitivities against each other.
 */
final class AdjointGradients {

    private AdjointGradients() {}

    /**
     * Computes the gradients.
     *
     * @return gradient values per parameter name, and {@code "y0"}
     */
    static Map<String, double[]> of(
            Sensitivity sensitivity,
            OdeSolver solver,
            Block mlp,
            NDArray y0,
            SaveAt saveAt,
            UnaryOperator<NDArray> loss) {
        return of(sensitivity, solver, mlp, y0, saveAt, loss, new long[1]);
    }

    /**
     * Computes the gradients and stores the backward evaluations in {@code evaluations[0]} (left
     * alone where the ordinary autograd backward does the work).
     *
     * @return gradient values per parameter name, and {@code "y0"}
     */
    static Map<String, double[]> of(
            Sensitivity sensitivity,
            OdeSolver solver,
            Block mlp,
            NDArray y0,
            SaveAt saveAt,
            UnaryOperator<NDArray> loss,
            long[] evaluations) {
        NDManager manager = y0.getManager();
        zero(mlp);
        VectorField field = GradientChecks.field(mlp, manager);
        Map<String, double[]> gradients = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x0 = y0.duplicate();
            x0.attach(scope);
            x0.setRequiresGradient(true);
            SensitivitySolve solve = sensitivity.solve(solver, field, x0, saveAt);
            NDArray outputs =
                    solve.connect(solve.solution().outputs(), count -> evaluations[0] = count);
            OdeBackward.backward(collector, loss.apply(outputs));
            gradients.put("y0", x0.getGradient().toDoubleArray());
        }
        for (Pair<String, Parameter> pair : mlp.getParameters()) {
            gradients.put(pair.getKey(), pair.getValue().getArray().getGradient().toDoubleArray());
        }
        return gradients;
    }

    static void zero(Block mlp) {
        for (Pair<String, Parameter> pair : mlp.getParameters()) {
            Autograd.zeroGradient(pair.getValue().getArray());
        }
    }

    /** Largest relative error {@code |a - b| / |b|} (2-norms) over the tensors. */
    static double maxRelativeError(Map<String, double[]> actual, Map<String, double[]> expected) {
        double worst = 0;
        for (Map.Entry<String, double[]> entry : expected.entrySet()) {
            worst = Math.max(worst, GradientCheck.relativeError(actual.get(entry.getKey()), entry.getValue()));
        }
        return worst;
    }
}
