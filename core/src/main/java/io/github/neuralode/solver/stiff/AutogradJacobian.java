package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.VectorField;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact Jacobians by reverse-mode autograd, all samples and rows at once: the batch is replicated
 * {@code n} times into a fresh leaf {@code (n batch, n)} (copy {@code i} of sample {@code b} in
 * row {@code i batch + b}), the field runs once on it, and one backward pass with the cotangent
 * {@code e_i} on copy {@code i} leaves {@code J_b[i][:]} in that copy's gradient rows. For a
 * time-dependent field the time is replicated the same way into a leaf column {@code (n batch, 1)},
 * whose gradient is {@code df_i/dt}.
 *
 * <p>Cost: one field call on {@code n batch} rows and one backward pass through it, with memory
 * for {@code n} copies of the forward graph; recording is switched on for the duration whatever
 * the caller's grad mode.
 *
 * <p>The result is a constant (off the tape). PyTorch's {@code backward(create_graph=True)} would
 * make it differentiable, but it also writes graph-carrying gradients into every leaf the field
 * reads (its parameters), and DJL can neither restrict a backward pass to chosen inputs (no
 * {@code autograd.grad}) nor reset a gradient to undefined, so each call would leave a graph
 * chained into the parameters' gradients (PyTorch warns about that reference cycle when it runs);
 * when the Jacobian itself must be differentiated use
 * {@link FiniteDifferenceJacobian} (ordinary autograd through one evaluation) or an
 * {@link AnalyticJacobian}.
 *
 * <p>The backward pass would also add into the gradients of the field's parameters: give their
 * arrays to the constructor and their {@code requiresGradient} flag is switched off for the
 * duration of the call (which also keeps them out of the graph), so the gradients accumulated by
 * training are untouched. This toggling is not thread safe: do not compute Jacobians of fields
 * sharing parameters on several threads at once.
 */
public final class AutogradJacobian implements JacobianMethod {

    private final List<NDArray> parameters;

    /**
     * Creates the method.
     *
     * @param parameters the arrays of the field's parameters that require gradients (empty for a
     *     field without any); they receive nothing from the Jacobian's backward pass
     */
    public AutogradJacobian(List<NDArray> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    @Override
    public FieldJacobian evaluate(VectorField field, NDArray t, NDArray y) {
        int batch = Math.toIntExact(y.getShape().get(0));
        int n = Math.toIntExact(y.getShape().get(1));
        boolean timeDependent = field.isTimeDependent();
        List<NDArray> frozen = freeze();
        try (NDManager scope = y.getManager().newSubManager();
                Autograd.GradModeScope recording = Autograd.record()) {
            NDArray states = y.stopGradient();
            states.attach(scope);
            NDArray stateLeaf = states.tile(new long[] {n, 1});
            stateLeaf.setRequiresGradient(true);
            NDArray time = t;
            NDArray timeLeaf = null;
            if (timeDependent) {
                NDArray detached = t.stopGradient();
                detached.attach(scope);
                NDArray column =
                        t.getShape().dimension() == 0 ? detached.broadcast(batch, 1) : detached;
                timeLeaf = column.tile(new long[] {n, 1});
                timeLeaf.setRequiresGradient(true);
                time = timeLeaf;
            } else if (t.getShape().dimension() > 0) {
                time = t.tile(new long[] {n, 1});
                time.attach(scope);
            }
            NDArray output = field.evaluate(time, stateLeaf);
            NDArray cotangent = scope.eye(n, n, 0, y.getDataType())
                    .expandDims(1)
                    .broadcast(n, batch, n)
                    .reshape(n * (long) batch, n);
            Autograd.backwardIfOnTape(output, cotangent, false);
            // A leaf the output does not depend on has no gradient, which DJL reports as float32
            // zeros: cast to the state's type (a no-op otherwise).
            NDArray matrix = stateLeaf.getGradient()
                    .toType(y.getDataType(), false)
                    .reshape(n, batch, n)
                    .transpose(1, 0, 2);
            matrix.attach(y.getManager());
            NDArray dfdt = null;
            if (timeLeaf != null) {
                dfdt = timeLeaf.getGradient()
                        .toType(y.getDataType(), false)
                        .reshape(n, batch)
                        .transpose();
                dfdt.attach(y.getManager());
            }
            return new FieldJacobian(matrix, dfdt, 1, n * (long) batch);
        } finally {
            for (NDArray parameter : frozen) {
                parameter.setRequiresGradient(true);
            }
        }
    }

    private List<NDArray> freeze() {
        List<NDArray> frozen = new ArrayList<>();
        for (NDArray parameter : parameters) {
            if (parameter.hasGradient()) {
                parameter.setRequiresGradient(false);
                frozen.add(parameter);
            }
        }
        return frozen;
    }
}
