package io.github.neuralode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.ode.VectorField;

/**
 * Test problems with known solutions, batch of one sample unless stated, float64.
 *
 * <ul>
 *   <li>{@link #DECAY}: {@code y' = -y}, {@code y = y0 e^-t}.
 *   <li>{@link #OSCILLATOR}: {@code x' = v, v' = -x}, a rotation by angle t.
 *   <li>{@link #COSINE}: {@code y' = y cos t}, {@code y = y0 e^(sin t)} (time dependent).
 * </ul>
 */
public enum TestProblems {
    DECAY(new double[] {1.0}) {
        @Override
        public VectorField field(NDManager manager) {
            return VectorField.autonomous(NDArray::neg);
        }

        @Override
        public double[] exact(double t) {
            return new double[] {Math.exp(-t)};
        }
    },
    OSCILLATOR(new double[] {1.0, 0.0}) {
        @Override
        public VectorField field(NDManager manager) {
            NDArray rotation = manager.create(new double[][] {{0, -1}, {1, 0}});
            return VectorField.autonomous(y -> y.matMul(rotation));
        }

        @Override
        public double[] exact(double t) {
            return new double[] {Math.cos(t), -Math.sin(t)};
        }
    },
    COSINE(new double[] {1.0}) {
        @Override
        public VectorField field(NDManager manager) {
            return (t, y) -> y.mul(t.cos());
        }

        @Override
        public double[] exact(double t) {
            return new double[] {Math.exp(Math.sin(t))};
        }
    };

    private final double[] initial;

    TestProblems(double[] initial) {
        this.initial = initial;
    }

    /**
     * Returns the vector field.
     *
     * @param manager owns any constant arrays of the field
     * @return the field
     */
    public abstract VectorField field(NDManager manager);

    /**
     * Returns the exact solution.
     *
     * @param t the time
     * @return the state at t
     */
    public abstract double[] exact(double t);

    /**
     * Returns the initial state as a batch of one.
     *
     * @param manager the owner
     * @return {@code (1, n)} float64
     */
    public NDArray initialState(NDManager manager) {
        return manager.create(new double[][] {initial.clone()});
    }

    /**
     * Returns the largest absolute difference between a computed state and the exact solution.
     *
     * @param state {@code (1, n)}
     * @param t the time
     * @return the max-norm error
     */
    public double error(NDArray state, double t) {
        double[] computed = state.toDoubleArray();
        double[] exact = exact(t);
        double max = 0;
        for (int i = 0; i < exact.length; i++) {
            max = Math.max(max, Math.abs(computed[i] - exact[i]));
        }
        return max;
    }
}
