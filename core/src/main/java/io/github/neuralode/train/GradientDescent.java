package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.util.Preconditions;

import io.github.neuralode.engine.Autograd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain gradient descent with a fixed learning rate: {@code w <- w - lr * (rescale * g + wd * w)}.
 *
 * <p>No state besides the step counters. Works on any device and data type; the update runs
 * outside autograd recording and zeroes the weight's gradient afterwards.
 */
public final class GradientDescent extends StatefulOptimizer {

    private final double learningRate;

    private GradientDescent(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
    }

    /**
     * Returns a builder.
     *
     * @return a builder; {@link Builder#setLearningRate} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the learning rate.
     *
     * @return the fixed step size
     */
    public double getLearningRate() {
        return learningRate;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        nextStep(parameterId, weight);
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDArray step = effectiveGradient(weight, grad).muli(learningRate)) {
            weight.subi(step);
        }
        Autograd.zeroGradient(weight);
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("lr", Double.toString(learningRate));
        settings.put("weight_decay", Float.toString(getWeightDecay()));
        settings.put("rescale_grad", Float.toString(rescaleGrad));
        return settings;
    }

    private NDArray effectiveGradient(NDArray weight, NDArray grad) {
        NDArray g = grad.mul(rescaleGrad);
        float decay = getWeightDecay();
        if (decay != 0f) {
            try (NDArray penalty = weight.mul(decay)) {
                g.addi(penalty);
            }
        }
        return g;
    }

    /** Builds {@link GradientDescent}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private double learningRate = Double.NaN;

        private Builder() {}

        /**
         * Sets the fixed learning rate (required).
         *
         * @param learningRate a positive step size
         * @return this builder
         */
        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if the learning rate is missing or not positive
         */
        public GradientDescent build() {
            Preconditions.checkArgument(
                    learningRate > 0, "setLearningRate(lr) with lr > 0 is required");
            return new GradientDescent(this);
        }
    }
}
