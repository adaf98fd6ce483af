package io.github.neuralode.block;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * An element-wise activation of an {@link Mlp}: after every hidden layer, and optionally after the
 * output layer ({@link Mlp.Builder#optOutputActivation}).
 */
public enum HiddenActivation {
    /** {@code tanh(x)}: smooth and bounded, the usual choice for neural ODE vector fields. */
    TANH {
        @Override
        public NDArray apply(NDArray x) {
            return x.tanh();
        }
    },
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID {
        @Override
        public NDArray apply(NDArray x) {
            return Activation.sigmoid(x);
        }
    },
    /** {@code log(1 + exp(x))}: a smooth ReLU. */
    SOFTPLUS {
        @Override
        public NDArray apply(NDArray x) {
            return Activation.softPlus(x);
        }
    },
    /**
     * {@code x Phi(x)} with {@code Phi} the standard normal distribution function (PyTorch's exact
     * GELU, as Flux's {@code gelu} up to its tanh approximation).
     */
    GELU {
        @Override
        public NDArray apply(NDArray x) {
            return Activation.gelu(x);
        }
    },
    /** {@code max(x, 0)}: not differentiable at 0, which adaptive solvers notice as roughness. */
    RELU {
        @Override
        public NDArray apply(NDArray x) {
            return Activation.relu(x);
        }
    };

    /**
     * Applies the activation element-wise.
     *
     * @param x any shape
     * @return the same shape
     */
    public abstract NDArray apply(NDArray x);
}
