package io.github.neuralode.experiments.stiff;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.stiff.FieldJacobian;
import io.github.neuralode.solver.stiff.JacobianMethod;

import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link JacobianMethod} that times another: the wall time of every Jacobian the solver asks
 * for (the forward work only; back-propagation through a recorded Jacobian belongs to the
 * backward pass), read and reset once per epoch.
 */
final class TimedJacobian implements JacobianMethod {

    private final JacobianMethod inner;
    private final LongAdder nanos = new LongAdder();

    TimedJacobian(JacobianMethod inner) {
        this.inner = inner;
    }

    /** {@inheritDoc} */
    @Override
    public FieldJacobian evaluate(VectorField field, NDArray t, NDArray y) {
        long start = System.nanoTime();
        try {
            return inner.evaluate(field, t, y);
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    /** Returns the seconds spent since the last call, and starts counting anew. */
    double drainSeconds() {
        return nanos.sumThenReset() / 1e9;
    }
}
